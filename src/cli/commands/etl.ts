import type { Command } from 'commander';
import { TASK_QUEUE } from '../../config';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { HOURLY_ETL_SCHEDULE_ID, hourlyEtlWorkflowId, type HourlyEtlResult } from '../../domain/etl/contract';
import { parseHour } from '../../domain/quality/gate';
import { hourlyEtl } from '../../workflows/hourly-etl';
import { commandContext } from '../context';
import { durationFlag, hourFlag } from '../flags';
import { startOrAttach } from '../start-workflow';
import { applyHourlyEtlSchedule, backfillHourlyEtl } from '../hourly-etl-schedule';

/** Commander parsers: each validates its flag where it enters, in the words of the flag. */

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

/** `etl run`: starts the hour's ETL (or joins the one running) and waits for it. */
async function runHour(flags: { hour: string; closeWait?: number; overrideWait?: number }): Promise<void> {
  const { config } = commandContext('etl');
  const connection = await connectTemporal(config);
  try {
    const client = temporalClient(connection, config);
    const workflowId = hourlyEtlWorkflowId(flags.hour);
    const input = {
      hour: flags.hour,
      closeWaitMs: flags.closeWait ?? config.etlCloseWaitMs,
      overrideWaitMs: flags.overrideWait ?? config.dqOverrideWaitMs,
    };
    const handle = await startOrAttach(client, config, hourlyEtl, { workflowId, args: [input] });
    console.log(describeResult(await handle.result()));
  } finally {
    await connection.close();
  }
}

/** `etl schedule`: creates or updates the hourly schedule. */
async function applySchedule(flags: { taskQueue: string; catchupWindow: string }): Promise<void> {
  const { config } = commandContext('etl');
  const connection = await connectTemporal(config);
  try {
    const outcome = await applyHourlyEtlSchedule(temporalClient(connection, config), {
      taskQueue: flags.taskQueue,
      catchupWindow: flags.catchupWindow,
      input: { closeWaitMs: config.etlCloseWaitMs, overrideWaitMs: config.dqOverrideWaitMs },
    });
    console.log(`${outcome} schedule ${HOURLY_ETL_SCHEDULE_ID} (hourly at :05, for the hour before) on task queue ${flags.taskQueue}`);
  } finally {
    await connection.close();
  }
}

/** `etl backfill`: the schedule runs past hours, one after another. */
async function backfill(flags: { from: string; to: string }): Promise<void> {
  const { config } = commandContext('etl');
  const connection = await connectTemporal(config);
  try {
    await backfillHourlyEtl(temporalClient(connection, config), parseHour(flags.from), parseHour(flags.to));
    console.log(`schedule ${HOURLY_ETL_SCHEDULE_ID} runs ${flags.from} to ${flags.to}, one after another (overlap BUFFER_ALL)`);
  } finally {
    await connection.close();
  }
}

/** `streamify etl run | schedule | backfill`: the hourly ETL (lake → transform → warehouse) on Temporal. */
export function registerEtlCommands(program: Command): void {
  const etl = program.command('etl').description('the hourly ETL: lake → transform (DuckDB or Glue) → warehouse, on Temporal');
  etl
    .command('run')
    .description('run the hourlyEtl workflow for one hour (a backfill, or a rerun: the load replaces the hour) and wait for it')
    .requiredOption('--hour <YYYY-MM-DDTHH>', 'the hour, in UTC, e.g. 2026-11-25T12', hourFlag)
    .option(
      '--close-wait <duration>',
      'how long to wait for the lake to close the hour, e.g. 10m (default ETL_CLOSE_WAIT_MS)',
      durationFlag,
    )
    .option(
      '--override-wait <duration>',
      'how long a failed data-quality gate waits for an override (default DQ_OVERRIDE_WAIT_MS)',
      durationFlag,
    )
    .action(runHour);
  etl
    .command('schedule')
    .description(`create or update the Temporal schedule "${HOURLY_ETL_SCHEDULE_ID}": every hour at :05, overlap skip, paused on failure`)
    .option('--task-queue <name>', 'task queue of the worker that runs it', TASK_QUEUE)
    .option('--catchup-window <duration>', 'how far back runs missed in an outage are made up (a Temporal duration)', '1 day')
    .action(applySchedule);
  etl
    .command('backfill')
    .description(`have the schedule "${HOURLY_ETL_SCHEDULE_ID}" run past hours, each as its scheduled run would have (create it first)`)
    .requiredOption('--from <YYYY-MM-DDTHH>', 'first hour, in UTC', hourFlag)
    .requiredOption('--to <YYYY-MM-DDTHH>', 'last hour, in UTC (inclusive)', hourFlag)
    .action(backfill);
}
