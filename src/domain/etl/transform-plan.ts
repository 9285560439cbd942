// The transform as data: which raw datasets it reads, and its SQL steps in order. The plan and the SQL live in
// sql/transform/ and are shared by the local engine (DuckDB) and the Glue job (Spark SQL); this file reads neither.
import { DATASETS, type DatasetName } from '../lake/datasets';
import { HOUR_MS } from '../hour';

/** One SQL step: its result becomes a view named `name` for later steps; `write` steps also become curated tables. */
export interface TransformStep {
  readonly name: string;
  readonly write: boolean;
}

/**
 * sql/transform/steps.json: raw datasets (each read as the view `raw_<dataset>`) and the steps over them. Inputs listed
 * in `previousHourInputs` are also read for the hour before, as `raw_previous_<dataset>`: a window ending in the hour
 * may start in the one before (at most a window's length before it).
 */
export interface TransformPlan {
  readonly inputs: readonly DatasetName[];
  readonly previousHourInputs: readonly DatasetName[];
  readonly steps: readonly TransformStep[];
}

/** The step whose one row holds the transform's counts (rows read, dropped, written). */
export const COUNTS_TABLE = 'transform_counts';

const STEP_NAME = /^[a-z][a-z0-9_]*$/;

/** Validates the plan where it enters; an Error names what is wrong. */
export function parseTransformPlan(json: unknown): TransformPlan {
  const { inputs, steps, previous_hour_inputs: previous = [] } = (json ?? {}) as Record<string, unknown>;
  if (!Array.isArray(inputs) || !inputs.every((d) => typeof d === 'string' && Object.hasOwn(DATASETS, d))) {
    throw new Error(`transform plan: inputs must be dataset names (${Object.keys(DATASETS).join(', ')})`);
  }
  // Only inputs: the Glue job gets a schema for each input, to read an hour without files as an empty view.
  if (!Array.isArray(previous) || !previous.every((d) => (inputs as unknown[]).includes(d))) {
    throw new Error('transform plan: previous_hour_inputs must be some of the inputs');
  }
  if (!Array.isArray(steps) || steps.length === 0) throw new Error('transform plan: steps must be a non-empty list');
  for (const step of steps as Array<Record<string, unknown>>) {
    if (typeof step?.name !== 'string' || !STEP_NAME.test(step.name) || typeof step.write !== 'boolean') {
      throw new Error(`transform plan: ${JSON.stringify(step)} is not a step ({ "name": "snake_case", "write": boolean })`);
    }
  }
  const plan = { inputs: inputs as DatasetName[], previousHourInputs: previous as DatasetName[], steps: steps as TransformStep[] };
  if (!plan.steps.some((s) => s.name === COUNTS_TABLE && s.write)) throw new Error(`transform plan: needs a written ${COUNTS_TABLE} step`);
  return plan;
}

/** A time as the SQL files' TIMESTAMP literals take it: `YYYY-MM-DD HH:MM:SS`, UTC, for DuckDB and Spark alike. */
function timestampText(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** A step's SQL for one hour: `{{hour_start}}` and `{{hour_end}}` (exclusive) replaced; unknown placeholders refused. */
export function renderStepSql(text: string, hourStartMs: number): string {
  const values: Record<string, string> = { hour_start: timestampText(hourStartMs), hour_end: timestampText(hourStartMs + HOUR_MS) };
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${placeholder} in transform SQL`);
    return value;
  });
}

/** The lake folder of a curated table's hour: curated/<table>/dt=YYYY-MM-DD/hour=HH. */
export function curatedHourPrefix(table: string, hourStartMs: number): string {
  const iso = new Date(hourStartMs).toISOString();
  return `curated/${table}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}

/** The one file the local engine writes per curated table and hour (the Glue job writes Spark's part files instead). */
export function curatedFileKey(table: string, hourStartMs: number): string {
  return `${curatedHourPrefix(table, hourStartMs)}/part-0.parquet`;
}
