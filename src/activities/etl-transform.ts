import { ApplicationFailure, Context } from '@temporalio/activity';
import { TransformJobFailedError } from '../adapters/transform/engine';
import { describeCuratedHour } from '../adapters/transform/curated-hour';
import { loadTransformSql } from '../adapters/transform/sql-files';
import { ETL_FAILURES, type TransformResult } from '../domain/etl/contract';
import { parseHour } from '../domain/hour';
import { failingFastOnMisconfiguration } from './etl-failures';
import { withHeartbeats } from './heartbeat';
import type { EtlActivityDeps } from './index';

/** One transform of an hour, by one ETL run. */
export interface TransformRequest {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** `<workflow id>/<run id>` of the ETL: a retried activity adopts the Glue run its earlier attempt started. */
  readonly etlRunId: string;
}

/** A failed job run fails the hour for good, with the job's message; a busy Glue is left to the retry policy. */
function asFailure(err: unknown): unknown {
  if (err instanceof TransformJobFailedError) return ApplicationFailure.nonRetryable(err.message, ETL_FAILURES.glueJobFailed);
  // Too many runs of the job at once: another hour's run will finish; the retry policy tries again later.
  if ((err as Error).name === 'ConcurrentRunsExceededException')
    return ApplicationFailure.retryable((err as Error).message, 'GlueConcurrentRunsExceeded');
  return err;
}

/** The transform step of the hourly ETL, on the engine the worker was given (DuckDB, Glue or Spark), over the same SQL files. */
export function createEtlTransformActivities({ lake, transformEngine: engine }: Pick<EtlActivityDeps, 'lake' | 'transformEngine'>) {
  return {
    /**
     * Transforms the raw hour into curated tables in the lake; resolves to counts and the curated files' keys. A
     * cancellation stops the engine's work (the Glue run, the Spark job, the DuckDB query) and rejects as cancelled.
     */
    async transformHour({ hour, etlRunId }: TransformRequest): Promise<TransformResult> {
      const hourStartMs = parseHour(hour);
      const startMs = Date.now();
      const transform = await failingFastOnMisconfiguration('transform SQL', () => loadTransformSql());
      const context = Context.current();
      // The timer's heartbeats (and each Glue poll's) bring a cancellation, which aborts the signal the engine watches.
      return withHeartbeats(async () => {
        const { runId } = await failingFastOnMisconfiguration(engine.description, () =>
          engine
            .transform({
              hour,
              hourStartMs,
              etlRunId,
              transform,
              signal: context.cancellationSignal,
              onProgress: (details) => context.heartbeat(details),
            })
            .catch((err: unknown) => Promise.reject(asFailure(err))),
        );
        const curated = await describeCuratedHour(lake, transform.plan, hourStartMs);
        return { hour, engine: engine.name, ...(runId ? { glueRunId: runId } : {}), ...curated, durationMs: Date.now() - startMs };
      });
    },
  };
}
