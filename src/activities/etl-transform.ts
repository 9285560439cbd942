import { ApplicationFailure, Context } from '@temporalio/activity';
import { GlueRunFailedError, runGlueJobToEnd } from '../adapters/glue/run-to-end';
import { runDuckDbTransform } from '../adapters/transform/duckdb-engine';
import { describeCuratedHour } from '../adapters/transform/curated-hour';
import { loadTransformSql } from '../adapters/transform/sql-files';
import { ETL_FAILURES, type TransformResult } from '../domain/etl/contract';
import { glueJobArguments } from '../domain/etl/glue-run';
import { parseHour } from '../domain/hour';
import { failingFastOnMisconfiguration } from './etl-failures';
import { withHeartbeats } from './heartbeat';
import type { EtlActivityDeps } from './index';

/** How often a Glue run's state is read: runs take minutes, and GetJobRun is rate-limited. */
export const GLUE_POLL_MS = 15_000;

/**
 * Whether a cancellation should stop the hour's work for good. A worker shutting down is not one: the activity is
 * retried on another worker, which adopts the Glue run still under way.
 */
const stopsTheWork = (reason: unknown): boolean => !(reason instanceof Error && reason.message === 'WORKER_SHUTDOWN');

/** One transform of an hour, by one ETL run. */
export interface TransformRequest {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** `<workflow id>/<run id>` of the ETL: a retried activity adopts the Glue run its earlier attempt started. */
  readonly etlRunId: string;
}

/** The transform step of the hourly ETL: local DuckDB or a Glue job, by GLUE_MODE, over the same SQL files. */
export function createEtlTransformActivities({ config, lake, glue }: Pick<EtlActivityDeps, 'config' | 'lake' | 'glue'>) {
  async function runGlue({ hour, etlRunId }: TransformRequest, inputs: Parameters<typeof glueJobArguments>[2]): Promise<string> {
    const key = { hour, etlRunId };
    const context = Context.current();
    try {
      return await runGlueJobToEnd(glue, {
        jobName: config.glueJobName,
        key,
        arguments: glueJobArguments(key, config.lakeUrl, inputs),
        pollMs: GLUE_POLL_MS,
        // Each poll heartbeats, and the heartbeat's answer is how a cancellation reaches the activity.
        onPoll: (run) => context.heartbeat(`${run.id} ${run.state ?? ''}`),
        signal: context.cancellationSignal,
        stopOnAbort: stopsTheWork,
      });
    } catch (err) {
      if (err instanceof GlueRunFailedError) throw ApplicationFailure.nonRetryable(err.message, ETL_FAILURES.glueJobFailed);
      // Too many runs of the job at once: another hour's run will finish; the retry policy tries again later.
      if ((err as Error).name === 'ConcurrentRunsExceededException')
        throw ApplicationFailure.retryable((err as Error).message, 'GlueConcurrentRunsExceeded');
      throw err;
    }
  }

  return {
    /**
     * Transforms the raw hour into curated tables in the lake; resolves to counts and the curated files' keys. A
     * cancellation stops the Glue run (BatchStopJobRun) or interrupts the DuckDB query, and rejects as cancelled.
     */
    async transformHour(request: TransformRequest): Promise<TransformResult> {
      const hourStartMs = parseHour(request.hour);
      const startMs = Date.now();
      const transform = await failingFastOnMisconfiguration('transform SQL', () => loadTransformSql());
      if (config.glueMode === 'aws') {
        const glueRunId = await failingFastOnMisconfiguration(`Glue job ${config.glueJobName}`, () =>
          runGlue(request, transform.plan.inputs),
        );
        const curated = await describeCuratedHour(lake, transform.plan, hourStartMs);
        return { hour: request.hour, engine: 'glue', glueRunId, ...curated, durationMs: Date.now() - startMs };
      }
      // The timer's heartbeats bring a cancellation, which interrupts the DuckDB query under way.
      return withHeartbeats(async () => {
        await runDuckDbTransform(lake, transform, hourStartMs, Context.current().cancellationSignal);
        const curated = await describeCuratedHour(lake, transform.plan, hourStartMs);
        return { hour: request.hour, engine: 'duckdb', ...curated, durationMs: Date.now() - startMs };
      });
    },
  };
}
