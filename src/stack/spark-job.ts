import type { Config } from '../config';
import { createLogger } from '../log';
import type { SparkJob } from '../adapters/transform/spark-engine';
import { TRANSFORM_JOB_SCRIPT, TRANSFORM_SQL_DIR } from '../adapters/transform/sql-files';
import { ensureSparkInVenv, requireJava, venvBin } from './python-venv';

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
