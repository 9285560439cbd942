import { WorkflowFailedError, type Client } from '@temporalio/client';
import { rootCause } from '@temporalio/common';
import { InvalidArgumentError, type Command } from 'commander';
import { TASK_QUEUE, type Config } from '../../config';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { HOURLY_ETL_SCHEDULE_ID, hourlyEtlWorkflowId, type HourlyEtlResult } from '../../domain/etl/contract';
import { hoursBetween } from '../../domain/etl/gaps';
import { formatHour, parseHour } from '../../domain/hour';
import { hourlyEtl } from '../../workflows/hourly-etl';
import { commandContext } from '../context';
import { ledgerGaps } from '../etl-ledger';
import { durationFlag, hourFlag } from '../flags';
import { startOrAttach } from '../../temporal/start-workflow';
import { applyHourlyEtlSchedule } from '../../temporal/hourly-etl-schedule';

interface RunFlags {
  taskQueue: string;
  closeWait?: number;
  overrideWait?: number;
}

function describeResult(r: HourlyEtlResult): string {
  const c = r.transform.counts;
  return [
    `${r.hour}: ${r.quality.map((q) => `${q.dataset} ${q.outcome}`).join(', ')}`,
    `transform (${r.transform.engine}): ${c.raw_transactions ?? 0} raw transactions, ${c.invalid_transactions ?? 0} invalid, ${c.duplicate_transactions ?? 0} duplicates, ${c.transactions ?? 0} kept`,
    `warehouse: ${Object.entries(r.load.rows)
      .map(([table, rows]) => `${table} ${rows}`)
      .join(', ')}`,
    `report: ${r.reportKeys.html} (and .json); retention deleted ${r.retention.lakeObjectsDeleted} lake objects, ${r.retention.warehouseRowsDeleted} warehouse rows`,
  ].join('\n');
}

/** Starts the hour's ETL under its one id per hour, or joins the run of the hour already going, and waits for it. */
async function runHourOn(client: Client, config: Config, hour: string, flags: RunFlags): Promise<HourlyEtlResult> {
  const input = {
    hour,
    closeWaitMs: flags.closeWait ?? config.etlCloseWaitMs,
    overrideWaitMs: flags.overrideWait ?? config.dqOverrideWaitMs,
  };
  const handle = await startOrAttach(client, config, hourlyEtl, {
    workflowId: hourlyEtlWorkflowId(hour),
    taskQueue: flags.taskQueue,
    args: [input],
    staticSummary: `ETL of ${hour}, started from the CLI`,
  });
  return handle.result();
}

/** Opens a Temporal client for the length of `work`. */
async function withClient<T>(config: Config, work: (client: Client) => Promise<T>): Promise<T> {
  const connection = await connectTemporal(config);
  try {
    return await work(temporalClient(connection, config));
  } finally {
    await connection.close();
  }
}

/** `etl run`: starts the hour's ETL (or joins the one running) and waits for it. */
async function runHour(flags: RunFlags & { hour: string }): Promise<void> {
  const { config } = commandContext('etl');
  const result = await withClient(config, (client) => runHourOn(client, config, flags.hour, flags));
  console.log(describeResult(result));
}

/** `etl schedule`: creates or updates the hourly schedule. */
async function applySchedule(flags: { taskQueue: string; catchupWindow: string }): Promise<void> {
  const { config } = commandContext('etl');
  const outcome = await withClient(config, (client) =>
    applyHourlyEtlSchedule(client, {
      taskQueue: flags.taskQueue,
      catchupWindow: flags.catchupWindow,
      input: { closeWaitMs: config.etlCloseWaitMs, overrideWaitMs: config.dqOverrideWaitMs },
    }),
  );
  console.log(`${outcome} schedule ${HOURLY_ETL_SCHEDULE_ID} (hourly at :05, for the hour before) on task queue ${flags.taskQueue}`);
}

/** `etl gaps`: the hours with no successful load in the warehouse's run ledger; exit code 1 when there is one. */
async function listGaps(flags: { from: string; to: string }): Promise<void> {
  const { config } = commandContext('etl');
  const gaps = await ledgerGaps(config, parseHour(flags.from), parseHour(flags.to));
  const hours = hoursBetween(parseHour(flags.from), parseHour(flags.to)).length;
  for (const ms of gaps) console.log(formatHour(ms));
  console.error(`${gaps.length} of ${hours} hours from ${flags.from} to ${flags.to} have no successful load in ETL_RUNS`);
  if (gaps.length > 0) process.exitCode = 1;
}

/** `etl backfill`: runs the hours of a range (or only those with no successful load), a few at a time, in order. */
async function backfill(flags: RunFlags & { from: string; to: string; missing?: boolean; parallel: number }): Promise<void> {
  const { config } = commandContext('etl');
  const [fromMs, toMs] = [parseHour(flags.from), parseHour(flags.to)];
  const hours = (flags.missing ? await ledgerGaps(config, fromMs, toMs) : hoursBetween(fromMs, toMs)).map(formatHour);
  console.log(`${hours.length} hours to run${flags.missing ? ' (no successful load in ETL_RUNS)' : ''}: ${hours.join(' ') || 'none'}`);
  const failed: string[] = [];
  let done = 0;
  await withClient(config, async (client) => {
    const queue = [...hours];
    const runNext = async (): Promise<void> => {
      for (let hour = queue.shift(); hour !== undefined; hour = queue.shift()) {
        try {
          const result = await runHourOn(client, config, hour, flags);
          console.log(`[${++done}/${hours.length}] ${hour} loaded: ${result.transform.counts.transactions ?? 0} transactions`);
        } catch (err) {
          if (!(err instanceof WorkflowFailedError)) throw err;
          failed.push(hour);
          console.error(`[${++done}/${hours.length}] ${hour} failed: ${rootCause(err.cause) ?? err.message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(flags.parallel, hours.length) }, runNext));
  });
  if (failed.length > 0) {
    console.error(`${failed.length} hours failed: ${failed.join(' ')}`);
    process.exitCode = 1;
  }
}

function positiveIntFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

const runOptions = (command: Command): Command =>
  command
    .option('--task-queue <name>', 'task queue of the worker that runs it', TASK_QUEUE)
    .option(
      '--close-wait <duration>',
      'how long to wait for the lake to close the hour, e.g. 10m (default ETL_CLOSE_WAIT_MS)',
      durationFlag,
    )
    .option(
      '--override-wait <duration>',
      'how long a failed data-quality gate waits for an override (default DQ_OVERRIDE_WAIT_MS)',
      durationFlag,
    );

const rangeOptions = (command: Command): Command =>
  command
    .requiredOption('--from <YYYY-MM-DDTHH>', 'first hour, in UTC', hourFlag)
    .requiredOption('--to <YYYY-MM-DDTHH>', 'last hour, in UTC (inclusive)', hourFlag);

/** `streamify etl run | schedule | gaps | backfill`: the hourly ETL (lake → transform → warehouse) on Temporal. */
export function registerEtlCommands(program: Command): void {
  const etl = program.command('etl').description('the hourly ETL: lake → transform (DuckDB or Glue) → warehouse, on Temporal');
  runOptions(
    etl
      .command('run')
      .description(
        'run the ETL of one hour and wait for it; joins the run of that hour already going (scheduled or not), a rerun of a loaded hour replaces it',
      )
      .requiredOption('--hour <YYYY-MM-DDTHH>', 'the hour, in UTC, e.g. 2026-11-25T12', hourFlag),
  ).action(runHour);
  etl
    .command('schedule')
    .description(`create or update the Temporal schedule "${HOURLY_ETL_SCHEDULE_ID}": every hour at :05, one run per hour, none dropped`)
    .option('--task-queue <name>', 'task queue of the worker that runs it', TASK_QUEUE)
    .option('--catchup-window <duration>', 'how far back runs missed in an outage are made up (a Temporal duration)', '1 day')
    .action(applySchedule);
  rangeOptions(
    etl
      .command('gaps')
      .description('list the hours with no successful load in the warehouse’s run ledger (ETL_RUNS); exit code 1 when there is one'),
  ).action(listGaps);
  runOptions(
    rangeOptions(
      etl
        .command('backfill')
        .description(
          'run the ETL of each hour of a range, in order, a few at once; joins hours already running; exit code 1 when one fails',
        ),
    ),
  )
    .option('--missing', 'only the hours with no successful load in ETL_RUNS (what `etl gaps` lists)')
    .option('--parallel <n>', 'hours run at once', positiveIntFlag, 2)
    .action(backfill);
}
