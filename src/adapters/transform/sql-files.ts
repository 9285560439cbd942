import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTransformPlan, type TransformPlan } from '../../domain/etl/transform-plan';

/** The folder of the transform SQL, shared with the Glue job (which gets the same files as --extra-files). */
export const TRANSFORM_SQL_DIR = join(__dirname, '../../../sql/transform');
/** The Glue job's script: the same SQL on Spark (on Glue, or on local PySpark with GLUE_MODE=spark). */
export const TRANSFORM_JOB_SCRIPT = join(__dirname, '../../../glue/transform_job.py');

/** The transform plan with each step's SQL text (placeholders not yet rendered). */
export interface TransformSql {
  readonly plan: TransformPlan;
  readonly sqlByStep: Readonly<Record<string, string>>;
}

/** Reads sql/transform/steps.json and the <step>.sql file of every step; a missing file fails with its path. */
export async function loadTransformSql(dir: string = TRANSFORM_SQL_DIR): Promise<TransformSql> {
  const plan = parseTransformPlan(JSON.parse(await readFile(join(dir, 'steps.json'), 'utf8')));
  const texts = await Promise.all(plan.steps.map((s) => readFile(join(dir, `${s.name}.sql`), 'utf8')));
  return { plan, sqlByStep: Object.fromEntries(plan.steps.map((s, i) => [s.name, texts[i] as string])) };
}
