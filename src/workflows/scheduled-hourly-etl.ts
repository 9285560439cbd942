import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import {
  ETL_FAILURES,
  hourlyEtlWorkflowId,
  scheduledHourStartMs,
  type ScheduledHourlyEtlInput,
  type ScheduledHourlyEtlResult,
} from '../domain/etl/contract';
import { formatHour } from '../domain/hour';
import { hourlyEtl } from './hourly-etl';

/** Set by Temporal on every run a schedule starts: the time the schedule meant it to start. */
const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The hourly schedule's action: starts the ETL of the hour before its scheduled time under the hour's own workflow id
 * (`hourly-etl-<hour>`), or finds that hour already running or loaded, and ends. It never waits for the hour, so the
 * schedule's overlap policy never has a run to skip or to queue behind: a gate waiting a day for an override holds
 * only its own hour. The hour's run is abandoned by the tick, not tied to it.
 */
export async function scheduledHourlyEtl(input: ScheduledHourlyEtlInput = {}): Promise<ScheduledHourlyEtlResult> {
  const scheduled = workflowInfo().typedSearchAttributes.get(scheduledStartTime);
  if (scheduled === undefined) {
    throw ApplicationFailure.nonRetryable(
      'scheduledHourlyEtl runs from the hourly-etl schedule only; start one hour with `streamify etl run --hour`',
      ETL_FAILURES.invalidInput,
    );
  }
  const hour = formatHour(scheduledHourStartMs(scheduled.getTime()));
  const workflowId = hourlyEtlWorkflowId(hour);
  try {
    await startChild(hourlyEtl, {
      workflowId,
      args: [{ ...input, hour }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A loaded hour is not loaded again; a failed, cancelled or timed-out one is run anew.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      staticSummary: `ETL of ${hour}, started by the hourly schedule`,
    });
    return { hour, workflowId, outcome: 'started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { hour, workflowId, outcome: 'already started' };
    throw err;
  }
}
