import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { InvalidArgumentError, type Command } from 'commander';
import { TASK_QUEUE } from '../../config';
import { settings } from '../../config/settings';
import { openLakeStore } from '../../adapters/lake';
import { runSuiteOnLakeHour } from '../../adapters/quality/lake-hour';
import { openQualityResultsStore, volumeHistoryOf } from '../../adapters/quality/results-store';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import type { DatasetName } from '../../domain/lake/datasets';
import { RAW_SUITES, summarizeResults, type CheckResult } from '../../domain/quality';
import {
  GATE_FAILED,
  dataQualityWorkflowId,
  isDatasetName,
  type DataQualityResult,
  type DataQualityStatus,
  type GatePhase,
} from '../../domain/quality/gate';
import { parseHour } from '../../domain/hour';
import { dataQuality, overrideUpdate, statusQuery } from '../../workflows/data-quality';
import { commandContext } from '../context';
import { executeHumanUpdate } from '../../temporal/human-update';
import { durationFlag, hourFlag } from '../flags';
import { startOrAttach } from '../../temporal/start-workflow';
import { formatTable } from '../table';

interface HourFlags {
  dataset: DatasetName;
  hour: string;
}

/** How often `dq gate` asks the gate where it is while it waits for the result. */
const STATUS_POLL_MS = 2_000;

/** Commander parsers: each validates its flag where it enters, in the words of the flag. */
function datasetFlag(value: string): DatasetName {
  if (!isDatasetName(value)) throw new InvalidArgumentError(`expected one of ${Object.keys(RAW_SUITES).join(', ')}`);
  return value;
}
function lakeFlag(value: string): string {
  const parsed = settings.lakeUrl.schema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

const hourOptions = (command: Command): Command =>
  command
    .requiredOption('--dataset <name>', `dataset: ${Object.keys(RAW_SUITES).join(', ')}`, datasetFlag)
    .requiredOption('--hour <YYYY-MM-DDTHH>', 'the hour, in UTC, e.g. 2026-11-25T12', hourFlag);

const shown = (n: number | null): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(4));

function resultTable(results: readonly CheckResult[]): string {
  const table = formatTable(
    ['check', 'severity', 'status', 'observed', 'threshold'],
    results.map((r) => [r.check, r.severity, r.status, shown(r.observed), shown(r.threshold)]),
  );
  // Failures, and checks that passed without measuring (a volume check short of history), say why.
  const why = results
    .filter((r) => r.status !== 'pass' || r.observed === null)
    .map((r) => `  ${r.check}: ${r.message}${r.samples.length > 0 ? `; e.g. ${r.samples.join(', ')}` : ''}`);
  return why.length === 0 ? table : `${table}\n\n${why.join('\n')}`;
}

/** `dq run`: the suite over a lake hour, printed; no Temporal, nothing recorded. */
async function runSuite(flags: HourFlags & { lake?: string }): Promise<void> {
  const { config } = commandContext('dq');
  const lake = openLakeStore({ ...config, lakeUrl: flags.lake ?? config.lakeUrl });
  const qualityResults = openQualityResultsStore(config);
  try {
    const suite = RAW_SUITES[flags.dataset];
    const hourStartMs = parseHour(flags.hour);
    const volumeHistory = await volumeHistoryOf(qualityResults, suite, hourStartMs);
    const { files, results } = await runSuiteOnLakeHour(lake, { suite, hourStartMs, volumeHistory });
    const where = `${flags.dataset} ${flags.hour} in ${lake.url}`;
    if (results.length === 0) {
      console.log(`${where}: no files, nothing to check`);
      return;
    }
    const inQuarantine = files.quarantined.length > 0 ? ` (${files.quarantined.length} in quarantine)` : '';
    console.log(`${where}: ${files.raw.length + files.quarantined.length} files${inQuarantine}\n`);
    console.log(resultTable(results));
    const summary = summarizeResults(results);
    console.log(
      `\n${summary.passed} passed, ${summary.warned} warned, ${summary.failed} failed: the gate ${summary.gatePassed ? 'passes' : 'fails'}`,
    );
    if (!summary.gatePassed) process.exitCode = 1;
  } finally {
    lake.close();
    await qualityResults.close();
  }
}

function describeStatus(s: DataQualityStatus, flags: HourFlags): string {
  if (s.phase !== 'awaiting-override') return `gate ${s.phase}`;
  return [
    `gate failed ${s.check?.failedChecks.join(', ') ?? ''}: ${s.quarantinedFiles} files in quarantine until ${s.overrideDeadline ?? '?'}.`,
    `Release them with: streamify dq override --dataset ${flags.dataset} --hour ${flags.hour} --reason TEXT`,
  ].join('\n');
}

/** Waits for the gate's result, printing each phase it reaches (found by the `status` query) on the way. */
async function resultReportingPhases(handle: WorkflowHandle<typeof dataQuality>, flags: HourFlags): Promise<DataQualityResult> {
  const result = handle.result();
  const settled = result.then(
    () => true,
    () => true,
  );
  let last: GatePhase | undefined;
  for (;;) {
    if (await Promise.race([settled, sleep(STATUS_POLL_MS, false)])) return result;
    // Until a worker takes the first task there is no one to answer a query: keep waiting.
    const status = await Promise.race([handle.query(statusQuery).catch(() => undefined), settled.then(() => undefined)]);
    if (status !== undefined && status.phase !== last) {
      last = status.phase;
      console.log(describeStatus(status, flags));
    }
  }
}

/** `dq gate`: starts the gate workflow (or joins the one running for the hour) and waits for it. */
async function runGate(flags: HourFlags & { waitForOverride: boolean; overrideWait?: number; taskQueue: string }): Promise<void> {
  const { config } = commandContext('dq');
  const connection = await connectTemporal(config);
  try {
    const client = temporalClient(connection, config);
    const workflowId = dataQualityWorkflowId(flags.dataset, flags.hour);
    const input = {
      dataset: flags.dataset,
      hour: flags.hour,
      waitForOverride: flags.waitForOverride,
      overrideWaitMs: flags.overrideWait ?? config.dqOverrideWaitMs,
    };
    // During an hourly ETL of the hour this joins the ETL's own gate, so the hour is never checked twice at once.
    const handle = await startOrAttach(client, config, dataQuality, {
      workflowId,
      taskQueue: flags.taskQueue,
      args: [input],
      staticSummary: `Data-quality gate of ${flags.dataset} ${flags.hour}, started from the CLI`,
    });
    const result = await resultReportingPhases(handle, flags);
    const c = result.check;
    console.log(
      `${result.outcome}: ${c.files} files, ${c.rows ?? '-'} rows; ${c.summary.passed} passed, ${c.summary.warned} warned${c.warnedChecks.length > 0 ? ` (${c.warnedChecks.join(', ')})` : ''}, ${c.summary.failed} failed${result.override ? `; released by ${result.override.by}: ${result.override.reason}` : ''}`,
    );
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === GATE_FAILED) {
      console.error(`gate failed: ${err.cause.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  } finally {
    await connection.close();
  }
}

/**
 * `dq override`: releases a quarantined hour through the gate's `override` update; a gate that refuses it (not waiting
 * for an override, released already, no reason) says why, printed with exit code 1.
 */
async function sendOverride(flags: HourFlags & { reason: string; by: string }): Promise<void> {
  const { config } = commandContext('dq');
  const connection = await connectTemporal(config);
  try {
    const workflowId = dataQualityWorkflowId(flags.dataset, flags.hour);
    const handle = temporalClient(connection, config).workflow.getHandle<typeof dataQuality>(workflowId);
    const accepted = await executeHumanUpdate(handle, overrideUpdate, { reason: flags.reason, by: flags.by });
    const status = await handle.query(statusQuery);
    console.log(
      `override by ${accepted.by} accepted by ${workflowId}: the gate records it and moves ${status.quarantinedFiles} files back`,
    );
  } finally {
    await connection.close();
  }
}

/** `streamify dq run | gate | override`: the data-quality suites, directly or through the gate workflow. */
export function registerDqCommands(program: Command): void {
  const dq = program
    .command('dq')
    .description('data quality: run a suite over a lake hour, gate an hour through Temporal, release a quarantined hour');
  hourOptions(dq.command('run'))
    .description('run the dataset’s suite over a lake hour and print the results; exit code 1 when an error-level check fails')
    .option('--lake <url>', 'lake root (file://PATH or s3://BUCKET/PREFIX) instead of LAKE_URL', lakeFlag)
    .action(runSuite);
  hourOptions(dq.command('gate'))
    .description(
      'run the dataQuality workflow on an hour and wait for it (or join the gate of that hour already going): a failed hour is quarantined until overridden',
    )
    .option('--task-queue <name>', 'task queue of the worker that runs it', TASK_QUEUE)
    .option('--no-wait-for-override', 'fail at once when error-level checks fail, leaving the hour in quarantine')
    .option(
      '--override-wait <duration>',
      'how long a quarantined hour waits for an override, e.g. 30m or 24h (default DQ_OVERRIDE_WAIT_MS)',
      durationFlag,
    )
    .action(runGate);
  hourOptions(dq.command('override'))
    .description('release a quarantined hour whose gate waits for an override; the reason is recorded in DQ_OVERRIDES')
    .requiredOption('--reason <text>', 'why the failed checks are acceptable')
    .option('--by <name>', 'who decides', userInfo().username)
    .action(sendOverride);
}
