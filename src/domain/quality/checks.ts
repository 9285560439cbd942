import { z } from 'zod';
import { DATASETS, type Column, type DatasetName } from '../lake/datasets';

/** How much a failed check matters: an `error` stops the pipeline's gate, a `warn` is only reported. */
export const CHECK_SEVERITIES = ['warn', 'error'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/** Same-hour days of history a volume check needs before it judges: a week, so one odd day does not set the baseline. */
export const DEFAULT_MIN_HISTORY = 7;

const DATASET_NAMES = Object.keys(DATASETS) as [DatasetName, ...DatasetName[]];
const NUMERIC_TYPES: readonly Column['type'][] = ['DOUBLE', 'BIGINT', 'INTEGER'];

const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a column name');
const base = {
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  severity: z.enum(CHECK_SEVERITIES),
};
// Below 1 a check tolerates a share of bad rows, the way Great Expectations' `mostly` does.
const minPassRatio = z.number().gt(0).max(1).default(1);
const bound = z.number().refine(Number.isFinite, 'expected a finite number').optional();

const checkSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('not_null'), ...base, columns: z.array(column).min(1), minPassRatio }),
  z.strictObject({ type: z.literal('unique'), ...base, columns: z.array(column).min(1), minPassRatio }),
  z.strictObject({ type: z.literal('accepted_values'), ...base, column, values: z.array(z.string()).min(1), minPassRatio }),
  z.strictObject({
    type: z.literal('range'),
    ...base,
    column,
    min: bound,
    max: bound,
    minExclusive: z.boolean().default(false),
    maxExclusive: z.boolean().default(false),
    minPassRatio,
  }),
  z.strictObject({ type: z.literal('regex'), ...base, column, pattern: z.string().min(1), minPassRatio }),
  z.strictObject({
    type: z.literal('referential'),
    ...base,
    column,
    references: z.strictObject({ dataset: z.enum(DATASET_NAMES), column }),
    minPassRatio,
  }),
  z.strictObject({
    type: z.literal('row_count'),
    ...base,
    minRows: z.number().int().min(0),
    maxRows: z.number().int().positive().optional(),
  }),
  z.strictObject({
    type: z.literal('volume_anomaly'),
    ...base,
    maxZScore: z.number().positive(),
    minHistory: z.number().int().min(2).default(DEFAULT_MIN_HISTORY),
  }),
  z.strictObject({ type: z.literal('freshness'), ...base, column, maxLagMs: z.number().int().positive() }),
  z.strictObject({ type: z.literal('schema'), ...base }),
  // A condition each row must meet, in DuckDB SQL over the row's columns: for rules across columns (counts that add up).
  z.strictObject({ type: z.literal('expression'), ...base, expression: z.string().min(1), minPassRatio }),
]);

/** A check as declared: optional fields (pass ratio, exclusivity, history) take their defaults. */
export type CheckInput = z.input<typeof checkSchema>;
/** A validated check with its defaults filled in. */
export type CheckDefinition = z.output<typeof checkSchema>;
export type CheckType = CheckDefinition['type'];
/** The checks judged by the share of rows that pass, against `minPassRatio`. */
export type RowCheck = Extract<CheckDefinition, { minPassRatio: number }>;

/** The checks declared for one dataset, validated against its contract. */
export interface Suite {
  readonly dataset: DatasetName;
  readonly checks: readonly CheckDefinition[];
}

/** A check definition that is malformed or does not fit its dataset's contract. */
export class InvalidCheckError extends Error {
  override readonly name = 'InvalidCheckError';
}

/** Validates the checks of a dataset where they enter: their shape, then the columns and types they use. */
export function defineSuite(dataset: DatasetName, checks: readonly CheckInput[]): Suite {
  const seen = new Set<string>();
  const parsed = checks.map((input: unknown) => {
    const check = parseCheck(input, dataset);
    if (seen.has(check.name)) throw new InvalidCheckError(`check "${check.name}" on ${dataset}: the name is used twice`);
    seen.add(check.name);
    return check;
  });
  return { dataset, checks: parsed };
}

function parseCheck(input: unknown, dataset: DatasetName): CheckDefinition {
  const result = checkSchema.safeParse(input);
  if (!result.success) {
    const name = typeof input === 'object' && input !== null && 'name' in input ? String(input.name) : '(unnamed)';
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidCheckError(`check "${name}" on ${dataset}: ${issues}`);
  }
  const problem = contractProblem(result.data, dataset);
  if (problem !== undefined) throw new InvalidCheckError(`check "${result.data.name}" on ${dataset}: ${problem}`);
  return result.data;
}

function columnOf(dataset: DatasetName, name: string): Column | undefined {
  return DATASETS[dataset].columns.find((c) => c.name === name);
}

/** Why a well-formed check cannot run on its dataset, if it cannot. */
function contractProblem(check: CheckDefinition, dataset: DatasetName): string | undefined {
  const needs = (name: string, types?: readonly Column['type'][]): string | undefined => {
    const found = columnOf(dataset, name);
    if (found === undefined) return `column "${name}" is not in the ${dataset} contract`;
    if (types !== undefined && !types.includes(found.type)) return `column "${name}" is ${found.type}, expected ${types.join(' or ')}`;
    return undefined;
  };
  switch (check.type) {
    case 'not_null':
    case 'unique':
      return check.columns.map((c) => needs(c)).find((p) => p !== undefined);
    case 'accepted_values':
    case 'regex':
      return needs(check.column, ['VARCHAR']) ?? (check.type === 'regex' ? regexProblem(check.pattern) : undefined);
    case 'range':
      return needs(check.column, NUMERIC_TYPES) ?? rangeProblem(check);
    case 'referential':
      return needs(check.column) ?? referenceProblem(check, dataset);
    case 'freshness':
      return needs(check.column, ['TIMESTAMPTZ']);
    case 'row_count':
      return check.maxRows !== undefined && check.maxRows < check.minRows
        ? `maxRows ${check.maxRows} is below minRows ${check.minRows}`
        : undefined;
    case 'volume_anomaly':
    case 'schema':
    case 'expression':
      return undefined;
  }
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return `pattern ${pattern} is not a regular expression: ${(err as Error).message}`;
  }
}

function rangeProblem(check: Extract<CheckDefinition, { type: 'range' }>): string | undefined {
  if (check.min === undefined && check.max === undefined) return 'a range needs min, max or both';
  if (check.min === undefined || check.max === undefined) return undefined;
  const empty = check.minExclusive || check.maxExclusive ? check.min >= check.max : check.min > check.max;
  return empty ? `the range from ${check.min} to ${check.max} holds no value` : undefined;
}

function referenceProblem(check: Extract<CheckDefinition, { type: 'referential' }>, dataset: DatasetName): string | undefined {
  const { dataset: target, column: name } = check.references;
  const referenced = columnOf(target, name);
  if (referenced === undefined) return `column "${name}" is not in the ${target} contract`;
  const own = columnOf(dataset, check.column);
  return own !== undefined && own.type !== referenced.type
    ? `${check.column} is ${own.type} but ${target}.${name} is ${referenced.type}`
    : undefined;
}
