import { glueJobArguments } from '../../domain/etl/glue-run';
import type { TransformEngine } from '../transform/engine';
import type { GlueJobRuns } from './job-runs';
import { runGlueJobToEnd } from './run-to-end';

/** How often a Glue run's state is read: runs take minutes, and GetJobRun is rate-limited. */
export const GLUE_POLL_MS = 15_000;

/**
 * Whether a cancellation should stop the hour's Glue run for good. A worker shutting down is not one: the activity
 * is retried on another worker, which adopts the run still under way.
 */
const stopsTheWork = (reason: unknown): boolean => !(reason instanceof Error && reason.message === 'WORKER_SHUTDOWN');

/** The Glue engine (GLUE_MODE=aws): the job `jobName` runs glue/transform_job.py over the lake at `lakeUrl`. */
export function glueTransformEngine(glue: GlueJobRuns, { jobName, lakeUrl }: { jobName: string; lakeUrl: string }): TransformEngine {
  return {
    name: 'glue',
    description: `Glue job ${jobName}`,
    async checkHealth() {
      await glue.checkJob(jobName);
      return ['glue'];
    },
    async transform({ hour, etlRunId, transform, signal, onProgress }) {
      const key = { hour, etlRunId };
      const runId = await runGlueJobToEnd(glue, {
        jobName,
        key,
        arguments: glueJobArguments(key, lakeUrl, transform.plan.inputs),
        pollMs: GLUE_POLL_MS,
        // Each poll is a heartbeat, and the heartbeat's answer is how a cancellation reaches the activity.
        onPoll: (run) => onProgress?.(`${run.id} ${run.state ?? ''}`),
        ...(signal ? { signal } : {}),
        stopOnAbort: stopsTheWork,
      });
      return { runId };
    },
  };
}
