import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import type { DataQualityResult } from '../domain/quality/gate';
import { HEARTBEAT_INTERVAL_MS } from './heartbeat';

/** The gate an hourly ETL found already running: started by `dq gate`, or by another run of the hour. */
export interface RunningGate {
  readonly workflowId: string;
}

/** The ETL's way into a gate it did not start. */
export function createDataQualityJoinActivities() {
  return {
    /**
     * Waits, heartbeating, for the result of the gate running under `workflowId` and returns it; a failed gate fails
     * this activity for good with the gate's own failure (type, message, details), as the ETL's child would have.
     */
    async awaitDataQualityGate({ workflowId }: RunningGate): Promise<DataQualityResult> {
      const context = Context.current();
      const timer = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        const result = context.client.workflow.getHandle(workflowId).result() as Promise<DataQualityResult>;
        // A cancelled ETL stops waiting at once; the gate itself belongs to whoever started it.
        return await Promise.race([result, context.cancelled]);
      } catch (err) {
        if (!(err instanceof WorkflowFailedError)) throw err;
        const cause = err.cause;
        const failure = cause instanceof ApplicationFailure ? cause : undefined;
        throw ApplicationFailure.create({
          type: failure?.type ?? 'DataQualityGateEnded',
          message: cause?.message ?? `${workflowId} ended without a result`,
          nonRetryable: true,
          details: failure?.details ?? undefined,
        });
      } finally {
        clearInterval(timer);
      }
    },
  };
}
