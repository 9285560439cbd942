import type { Config } from '../../config';
import { createLogger } from '../../log';
import { ensureSparkInVenv, requireJava, venvBin } from '../../stack';
import { createGlueClient, glueJobRuns, type GlueJobRuns } from '../glue/job-runs';
import { glueTransformEngine } from '../glue/transform-engine';
import type { LakeStore } from '../lake/store';
import { duckDbTransformEngine } from './duckdb-engine';
import type { TransformEngine } from './engine';
import { sparkTransformEngine, type SparkJob } from './spark-engine';
import { TRANSFORM_JOB_SCRIPT, TRANSFORM_SQL_DIR } from './sql-files';

/**
 * The repository's glue/transform_job.py on the stack venv's PySpark, installed there by the first transform (which
 * heartbeats meanwhile), not by the health check, whose minute would not cover the download.
 */
export function localSparkJob(c: Config): SparkJob {
  return {
    python: venvBin(c, 'python'),
    script: TRANSFORM_JOB_SCRIPT,
    sqlDir: TRANSFORM_SQL_DIR,
    prepare: () => ensureSparkInVenv(c, createLogger(c, 'spark')),
    check: requireJava,
  };
}

/**
 * The transform engine GLUE_MODE names, made once at worker start: DuckDB (local), the Glue job (aws, through `glue`
 * when given) or the job on local PySpark (spark).
 */
export function openTransformEngine(c: Config, { lake, glue }: { lake: LakeStore; glue?: GlueJobRuns | undefined }): TransformEngine {
  switch (c.glueMode) {
    case 'aws':
      return glueTransformEngine(glue ?? glueJobRuns(createGlueClient(c)), { jobName: c.glueJobName, lakeUrl: c.lakeUrl });
    case 'spark':
      return sparkTransformEngine(c.lakeUrl, localSparkJob(c));
    case 'local':
      return duckDbTransformEngine(lake);
  }
}
