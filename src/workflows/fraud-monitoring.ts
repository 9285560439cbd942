import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { MonitoringResult } from '../domain/monitoring/report';
import { windowEndAtOrBefore, windowEndingAt } from '../domain/monitoring/window';
import { fraudIncident } from './fraud-incident';

const { summariseAlerts } = proxyActivities<Activities>({
  // A day of alerts is read for the baseline: minutes on a busy shop, bounded by FRAUD_BASELINE_MAX_RECORDS.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

/** Set by Temporal on runs a schedule starts: the time the run was due, whenever it actually started. */
const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** The input of `fraudMonitoring`. */
export interface FraudMonitoringInput {
  /** End (exclusive) of the 15-minute window, ISO; default: the scheduled (else actual) start, truncated to 15 min. */
  readonly windowEnd?: string;
  /** Acknowledgement timeout of the incidents it opens; default FRAUD_ACK_TIMEOUT_MS. */
  readonly ackTimeoutMs?: number;
}

/** What a run found and which incidents it opened or found already there (open or closed). */
export interface FraudMonitoringResult extends MonitoringResult {
  readonly incidentsOpened: readonly string[];
  readonly incidentsExisting: readonly string[];
}

/** The window's end: given, else from the schedule's due time, so a late or retried run still covers its window. */
function windowEndOf(input: FraudMonitoringInput): string {
  if (input.windowEnd !== undefined) {
    try {
      return windowEndingAt(input.windowEnd).windowEnd;
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidMonitoringInput');
    }
  }
  const info = workflowInfo();
  const due = info.typedSearchAttributes.get(scheduledStartTime) ?? info.startTime;
  return new Date(windowEndAtOrBefore(due.getTime())).toISOString();
}

/**
 * Summarises the fraud alerts of a 15-minute window against the previous 24 hours, keeps the report, and opens a
 * `fraudIncident` (workflow id: the incident key) for each escalation. An incident whose key already ran is not
 * opened again. Finding fraud is what the run is for: it succeeds however many alerts it finds.
 */
export async function fraudMonitoring(input: FraudMonitoringInput = {}): Promise<FraudMonitoringResult> {
  const summary = await summariseAlerts({ windowEnd: windowEndOf(input) });
  const { ackTimeoutMs, ...result } = summary;
  const incidentsOpened: string[] = [];
  const incidentsExisting: string[] = [];
  for (const escalation of summary.escalations) {
    try {
      await startChild(fraudIncident, {
        workflowId: escalation.key,
        args: [{ ...escalation, ackTimeoutMs: input.ackTimeoutMs ?? ackTimeoutMs }],
        // An incident outlives the run that found it, and one key is one incident, open or closed.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      incidentsOpened.push(escalation.key);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      incidentsExisting.push(escalation.key);
    }
  }
  return { ...result, incidentsOpened, incidentsExisting };
}
