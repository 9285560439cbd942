import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityCancellationType,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  executeChild,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  DEFAULT_CLOSE_WAIT_MS,
  ETL_FAILURES,
  GATED_DATASETS,
  scheduledHourStartMs,
  type EtlStatus,
  type EtlStep,
  type HourlyEtlInput,
  type HourlyEtlResult,
} from '../domain/etl/contract';
import { etlDetails } from '../domain/etl/current-details';
import { ETL_SEARCH_ATTRIBUTES, etlRunStatus, type EtlRunStatus } from '../domain/etl/search-attributes';
import { loadMismatches } from '../domain/etl/warehouse-tables';
import { dataQualityWorkflowId } from '../domain/quality/gate';
import { formatHour, parseHour } from '../domain/hour';
import { dataQuality } from './data-quality';

// Transient trouble (a broker restarting, a warehouse file another process holds) is retried with backoff; permanent
// trouble is thrown by the activities as non-retryable ApplicationFailures and ends the run at once.
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 } as const;

const { checkEtlHealth, etlSearchAttributesReady } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });
const { waitForLakeHour } = proxyActivities<Activities>({
  // Longer than the default wait; the sensor's own deadline (fixed by the workflow) is what ends a long wait.
  startToCloseTimeout: '3 hours',
  heartbeatTimeout: '1 minute',
  // No attempt limit: the deadline bounds the attempts. The sensor reads again on its own until the deadline
  // whatever the reads throw, and fails non-retryably at it (or at once on a corrupt progress file), so what is
  // retried here is an attempt lost with its worker (a heartbeat timeout), and any attempt past the deadline ends.
  retry: { initialInterval: retry.initialInterval, backoffCoefficient: retry.backoffCoefficient, maximumInterval: '1 minute' },
});
const { transformHour } = proxyActivities<Activities>({
  // A Glue job over a busy hour takes minutes; the activity heartbeats while it polls.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry,
  // A cancelled run waits until the transform has stopped its Glue run or DuckDB query, so nothing of the hour
  // still runs once the workflow reports itself cancelled.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});
const { awaitDataQualityGate } = proxyActivities<Activities>({
  // As long as a gate may wait for an override (24 h by default), with time to spare; it heartbeats while it waits.
  startToCloseTimeout: '26 hours',
  heartbeatTimeout: '1 minute',
  retry,
});
const { loadHour } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  // Heartbeats on a timer (withHeartbeats), which is also how it learns of a cancellation.
  heartbeatTimeout: '1 minute',
  retry,
  // A cancelled run waits until the load has rolled back (or committed, if it was done), so the warehouse hour is
  // settled once the workflow reports itself cancelled.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});
const { applyRetention } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  // Heartbeats on a timer (withHeartbeats).
  heartbeatTimeout: '1 minute',
  retry,
});
// Writes two small files and a ledger row, without heartbeats: a heartbeat timeout would fail it when slow.
const { writeEtlReport } = proxyActivities<Activities>({ startToCloseTimeout: '10 minutes', retry });

/** Where the run is, what each finished step counted and took, and whether it is paused. */
export const etlStatusQuery = defineQuery<EtlStatus>('status');
/** Holds the run before its next step (a step under way finishes). */
export const pauseSignal = defineSignal('pause');
/** Lets a paused run go on. */
export const resumeSignal = defineSignal('resume');

const etlHourKey = defineSearchAttributeKey(ETL_SEARCH_ATTRIBUTES.hour, SearchAttributeType.DATETIME);
const etlStatusKey = defineSearchAttributeKey(ETL_SEARCH_ATTRIBUTES.status, SearchAttributeType.KEYWORD);

/**
 * etlSearchAttributesReady became the first activity without a patch (v1 histories), so v1 runs carry no marker:
 * runs started from this release time on (v1 code) take the step too; earlier ones (v0 code) never did. Remove with
 * the patch once no run started before it can be open (docs/VERSIONING.md).
 */
const SEARCH_ATTRIBUTES_READY_RELEASED_AT_MS = Date.parse('2026-11-26T00:31:02Z');

/** The Temporal-set search attribute of a run started by a schedule: the time the schedule meant it to start. */
const SCHEDULED_START_ATTRIBUTE = 'TemporalScheduledStartTime';

/**
 * The hour to process: the input's (backfills, `etl run`), else the hour before the schedule's scheduled start time,
 * else the hour before the run's start. Both times come from the history, so replays agree.
 */
function logicalHour(input: HourlyEtlInput): Pick<EtlStatus, 'hour' | 'hourFrom'> {
  if (input.hour !== undefined) {
    try {
      parseHour(input.hour);
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, ETL_FAILURES.invalidInput);
    }
    return { hour: input.hour, hourFrom: 'input' };
  }
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.getAll().find((p) => p.key.name === SCHEDULED_START_ATTRIBUTE)?.value;
  if (scheduled instanceof Date) return { hour: formatHour(scheduledHourStartMs(scheduled.getTime())), hourFrom: 'schedule' };
  return { hour: formatHour(scheduledHourStartMs(info.startTime.getTime())), hourFrom: 'start time' };
}

/**
 * The hourly ETL of one hour: health → wait until the lake has closed the hour → data-quality gates (children) →
 * transform (DuckDB or Glue) → load the warehouse (idempotent per hour) → report → retention. Inputs and results are
 * references and counts. The search attributes EtlHour and EtlStatus follow the run, where they are registered.
 */
export async function hourlyEtl(input: HourlyEtlInput = {}): Promise<HourlyEtlResult> {
  const { hour, hourFrom } = logicalHour(input);
  const info = workflowInfo();
  const etlRunId = `${info.workflowId}/${info.runId}`;
  // Times come from workflowInfo, never the clock: the run's start is in its history.
  const startedAtMs = info.runStartTime.getTime();
  let status: EtlStatus = { hour, hourFrom, step: 'health', paused: false, finished: {} };
  // Fixed at the start, so a retried sensor attempt keeps it; a run's start is in its history.
  const sensorDeadline = new Date(startedAtMs + (input.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS)).toISOString();
  // EtlHour and EtlStatus, once the namespace is known to have them (setting an unregistered one fails the task).
  let searchAttributes = false;
  let shown: EtlRunStatus | undefined;
  const update = (next: EtlStatus): void => {
    status = next;
    // Not a command: the Web UI reads it with the workflow's metadata, so changing it needs no patch.
    setCurrentDetails(etlDetails(status, sensorDeadline));
    const runStatus = etlRunStatus(status);
    if (!searchAttributes || runStatus === shown) return;
    upsertSearchAttributes([
      { key: etlHourKey, value: new Date(parseHour(hour)) },
      { key: etlStatusKey, value: runStatus },
    ]);
    shown = runStatus;
  };
  setHandler(etlStatusQuery, () => status);
  setHandler(pauseSignal, () => update({ ...status, paused: true }));
  setHandler(resumeSignal, () => update({ ...status, paused: false }));

  async function step<T>(name: EtlStep, work: () => Promise<T>, counts?: (result: T) => Record<string, number>): Promise<T> {
    await condition(() => !status.paused);
    update({ ...status, step: name });
    const result = await work();
    const done = counts ? { counts: counts(result) } : {};
    update({ ...status, finished: { ...status.finished, [name]: done } });
    return result;
  }

  try {
    if (patched('hourly-etl-search-attributes-ready') || startedAtMs >= SEARCH_ATTRIBUTES_READY_RELEASED_AT_MS) {
      searchAttributes = await etlSearchAttributesReady();
      update(status);
    }
    await step('health', () => checkEtlHealth.executeWithOptions({ summary: 'check Kafka and the lake' }, []));
    await step('sensor', () =>
      waitForLakeHour.executeWithOptions({ summary: `wait until the lake closes ${hour}, until ${sensorDeadline}` }, [
        { hour, deadline: sensorDeadline },
      ]),
    );
    const quality = await step('quality', () =>
      Promise.all(
        GATED_DATASETS.map((dataset) =>
          executeChild(dataQuality, {
            workflowId: dataQualityWorkflowId(dataset, hour),
            staticSummary: `data-quality gate of ${dataset} ${hour}`,
            args: [{ dataset, hour, ...(input.overrideWaitMs === undefined ? {} : { overrideWaitMs: input.overrideWaitMs }) }],
          }).catch((err: unknown) => {
            // A gate of the hour already running (`dq gate`) is joined, not fought: its result is this run's.
            if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !patched('hourly-etl-joins-running-gate')) throw err;
            return awaitDataQualityGate({ workflowId: err.workflowId });
          }),
        ),
      ),
    );
    const transform = await step(
      'transform',
      () => transformHour.executeWithOptions({ summary: `transform ${hour}` }, [{ hour, etlRunId }]),
      (t) => ({ ...t.counts }),
    );
    const load = await step(
      'load',
      () => loadHour.executeWithOptions({ summary: `load ${hour} into the warehouse` }, [{ hour }]),
      (l) => ({ ...l.rows }),
    );
    // The check on the loaded hour: the warehouse must hold exactly what the transform kept.
    const mismatches = loadMismatches(transform.counts, load.rows);
    if (mismatches.length > 0) {
      throw ApplicationFailure.nonRetryable(
        `the warehouse load of ${hour} does not match the transform: ${mismatches.join('; ')}`,
        ETL_FAILURES.loadMismatch,
      );
    }
    const reportKeys = await step('report', () =>
      writeEtlReport.executeWithOptions({ summary: `write the run report of ${hour}` }, [
        {
          hour,
          runId: etlRunId,
          startedAt: new Date(startedAtMs).toISOString(),
          steps: status.finished,
          quality,
          transform,
          load,
        },
      ]),
    );
    const retention = await step(
      'retention',
      () => applyRetention.executeWithOptions({ summary: `apply retention after ${hour}` }, [{ hour }]),
      (r) => ({ ...r }),
    );
    update({ ...status, step: 'done' });
    return { hour, quality: quality.map(({ dataset, outcome }) => ({ dataset, outcome })), transform, load, reportKeys, retention };
  } catch (err) {
    update({ ...status, step: 'failed' });
    throw err;
  }
}
