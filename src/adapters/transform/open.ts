import type { Config } from '../../config';
import { ConfigError } from '../../config/config-error';
import { createGlueClient, glueJobRuns, type GlueJobRuns } from '../glue/job-runs';
import { glueTransformEngine } from '../glue/transform-engine';
import type { LakeStore } from '../lake/store';
import { duckDbTransformEngine } from './duckdb-engine';
import type { TransformEngine } from './engine';
import { sparkTransformEngine, type SparkJob } from './spark-engine';

/**
 * The transform engine GLUE_MODE names, made once at worker start: DuckDB (local), the Glue job (aws, through `glue`
 * when given) or the job on local PySpark (spark, `sparkJob`: the local stack's, which the worker passes).
 */
export function openTransformEngine(
  c: Config,
  { lake, glue, sparkJob }: { lake: LakeStore; glue?: GlueJobRuns | undefined; sparkJob?: SparkJob | undefined },
): TransformEngine {
  switch (c.glueMode) {
    case 'aws':
      return glueTransformEngine(glue ?? glueJobRuns(createGlueClient(c)), { jobName: c.glueJobName, lakeUrl: c.lakeUrl });
    case 'spark':
      if (sparkJob === undefined)
        throw new ConfigError(['GLUE_MODE=spark: the local PySpark job is missing (`streamify worker` provides it)']);
      return sparkTransformEngine(c.lakeUrl, sparkJob);
    case 'local':
      return duckDbTransformEngine(lake);
  }
}
