import type { TransformResult } from '../../domain/etl/contract';
import type { TransformSql } from './sql-files';

/** One transform of an hour, as an engine runs it. */
export interface TransformRun {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  readonly hourStartMs: number;
  /** `<workflow id>/<run id>` of the ETL: a retried attempt adopts the Glue run its earlier attempt started. */
  readonly etlRunId: string;
  readonly transform: TransformSql;
  /** Ends the run: the engine stops its work (or leaves a Glue run to a retry on shutdown) and rejects with the reason. */
  readonly signal?: AbortSignal;
  /** Tells the activity what the engine sees (a Glue run's state); the activity heartbeats it. */
  readonly onProgress?: (details: string) => void;
}

/** A job run (Glue or local Spark) that ended in failure: permanent, with the job's own message. */
export class TransformJobFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformJobFailedError';
  }
}

/**
 * The hourly transform's engine: made once at worker start from GLUE_MODE and handed to the activities, so no
 * activity asks which one runs. Every engine runs sql/transform and writes curated/<table>/dt=/hour=/ in the lake.
 */
export interface TransformEngine {
  readonly name: TransformResult['engine'];
  /** What runs the transform, as error messages name it (`Glue job streamify-hourly-transform`). */
  readonly description: string;
  /** Checks what the engine needs outside the worker (the Glue job exists, Java for Spark); resolves to the names of what it checked. */
  checkHealth(): Promise<string[]>;
  /** Runs the transform of the hour; resolves to the job run's id where the engine has one (Glue). Rejects with TransformJobFailedError when the job fails. */
  transform(run: TransformRun): Promise<{ readonly runId?: string }>;
}
