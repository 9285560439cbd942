import { DATASETS, type DatasetName } from '../lake/datasets';
import type { CheckDefinition, CheckSeverity, CheckType, RowCheck } from './checks';
import { describeDrift, schemaDrift, type DescribedColumn } from './schema-drift';
import { MAX_SAMPLES } from './sql';
import { volumeAnomaly } from './volume';

/** A passed check, a failed warn-level check, or a failed error-level check. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** The outcome of one check on one dataset, small enough for a workflow result or a DQ_RESULTS row. */
export interface CheckResult {
  readonly check: string;
  readonly type: CheckType;
  readonly dataset: DatasetName;
  readonly severity: CheckSeverity;
  readonly status: CheckStatus;
  /**
   * In the threshold's unit: the pass ratio, the row count, the signed z-score, the lag in ms or the number of
   * schema differences; null when nothing could be measured (no rows for freshness, too little history, an error).
   */
  readonly observed: number | null;
  /** The minimum pass ratio, the row bound nearest the count, the maximum |z|, the maximum lag in ms, or 0 differences. */
  readonly threshold: number;
  /** Rows that fail; for a schema check, the differing columns. */
  readonly failing_rows: number;
  /** Rows the check judged (value checks skip nulls); for a schema check, the contract's columns. */
  readonly total_rows: number;
  /** Up to MAX_SAMPLES failing keys (unique: the repeated values; schema: the differences). */
  readonly samples: readonly string[];
  readonly message: string;
}

/** What a check's query measured, or why it could not run. */
export type Measurement =
  | {
      readonly kind: 'counts';
      readonly totalRows: number;
      readonly failingRows: number;
      readonly samples: readonly string[];
      readonly newestMs: number | null;
    }
  | { readonly kind: 'columns'; readonly columns: readonly DescribedColumn[] }
  | { readonly kind: 'unrunnable'; readonly reason: string };

/** What a run knows besides the data: the time freshness is measured against and the volume baseline. */
export interface EvaluationContext {
  /** Usually the end of the logical hour, never the wall clock, so a rerun judges the same way. */
  readonly referenceTimeMs: number;
  /** Row counts of the same hour of day on earlier days. */
  readonly volumeHistory: readonly number[];
}

/** Counts of a suite's results, and whether its gate passes: no error-level check failed. */
export interface SuiteSummary {
  readonly passed: number;
  readonly warned: number;
  readonly failed: number;
  readonly gatePassed: boolean;
}

interface Verdict {
  readonly passed: boolean;
  readonly observed: number | null;
  readonly threshold: number;
  readonly message: string;
  readonly failingRows?: number;
  readonly totalRows?: number;
  readonly samples?: readonly string[];
}

/** Turns what a check's query measured into its result; a failure is `fail` at error severity and `warn` at warn. */
export function evaluateCheck(
  check: CheckDefinition,
  dataset: DatasetName,
  measurement: Measurement,
  context: EvaluationContext,
): CheckResult {
  const v = judge(check, dataset, measurement, context);
  return {
    check: check.name,
    type: check.type,
    dataset,
    severity: check.severity,
    status: v.passed ? 'pass' : check.severity === 'error' ? 'fail' : 'warn',
    observed: v.observed,
    threshold: v.threshold,
    failing_rows: v.failingRows ?? 0,
    total_rows: v.totalRows ?? 0,
    samples: (v.samples ?? []).slice(0, MAX_SAMPLES),
    message: v.message,
  };
}

/** Tallies results; the gate passes unless an error-level check failed. */
export function summarizeResults(results: readonly CheckResult[]): SuiteSummary {
  const count = (status: CheckStatus): number => results.filter((r) => r.status === status).length;
  return { passed: count('pass'), warned: count('warn'), failed: count('fail'), gatePassed: count('fail') === 0 };
}

function judge(check: CheckDefinition, dataset: DatasetName, m: Measurement, context: EvaluationContext): Verdict {
  // A check that cannot run (a missing column, a retyped one) proves nothing, so it counts as failed.
  if (m.kind === 'unrunnable')
    return { passed: false, observed: null, threshold: thresholdOf(check), message: `could not run: ${m.reason}` };
  if (check.type === 'schema') {
    if (m.kind !== 'columns') throw new TypeError(`check "${check.name}" needs described columns, got ${m.kind}`);
    return judgeSchema(dataset, m.columns);
  }
  if (m.kind !== 'counts') throw new TypeError(`check "${check.name}" needs counts, got ${m.kind}`);
  const rows = { totalRows: m.totalRows };
  switch (check.type) {
    case 'row_count': {
      const { minRows, maxRows } = check;
      const passed = m.totalRows >= minRows && (maxRows === undefined || m.totalRows <= maxRows);
      const bound = maxRows !== undefined && m.totalRows > maxRows ? maxRows : minRows;
      const expected = maxRows === undefined ? `at least ${minRows}` : `between ${minRows} and ${maxRows}`;
      return { ...rows, passed, observed: m.totalRows, threshold: bound, message: `${m.totalRows} rows, expected ${expected}` };
    }
    case 'volume_anomaly':
      return { ...rows, ...judgeVolume(check, m.totalRows, context.volumeHistory) };
    case 'freshness': {
      if (m.newestMs === null)
        return { ...rows, passed: false, observed: null, threshold: check.maxLagMs, message: `no ${check.column} to measure` };
      const lagMs = context.referenceTimeMs - m.newestMs;
      const message = `newest ${check.column} is ${minutes(lagMs)} before the reference time, limit ${minutes(check.maxLagMs)}`;
      return { ...rows, passed: lagMs <= check.maxLagMs, observed: lagMs, threshold: check.maxLagMs, message };
    }
    default: {
      const ratio = m.totalRows === 0 ? 1 : (m.totalRows - m.failingRows) / m.totalRows;
      const message =
        m.totalRows === 0
          ? 'no rows to judge'
          : `${m.failingRows} of ${m.totalRows} rows ${failurePhrase(check)}; pass ratio ${ratio.toFixed(4)}, needs ≥ ${check.minPassRatio}`;
      const { failingRows, samples } = m;
      return {
        ...rows,
        failingRows,
        samples,
        passed: ratio >= check.minPassRatio,
        observed: ratio,
        threshold: check.minPassRatio,
        message,
      };
    }
  }
}

function thresholdOf(check: CheckDefinition): number {
  switch (check.type) {
    case 'row_count':
      return check.minRows;
    case 'volume_anomaly':
      return check.maxZScore;
    case 'freshness':
      return check.maxLagMs;
    case 'schema':
      return 0;
    default:
      return check.minPassRatio;
  }
}

function judgeVolume(check: Extract<CheckDefinition, { type: 'volume_anomaly' }>, count: number, history: readonly number[]): Verdict {
  const threshold = check.maxZScore;
  if (history.length < check.minHistory) {
    // Too little history to know what normal is: reported, but never a reason to stop the pipeline.
    return {
      passed: true,
      observed: null,
      threshold,
      message: `skipped: ${history.length} of ${check.minHistory} same-hour counts of history`,
    };
  }
  const { mean, stdDev, zScore } = volumeAnomaly(count, history);
  const message = `${count} rows against a same-hour mean of ${mean.toFixed(1)} (sd ${stdDev.toFixed(1)}) over ${history.length} days: z = ${zScore.toFixed(2)}, limit ±${threshold}`;
  return { passed: Math.abs(zScore) <= threshold, observed: zScore, threshold, message };
}

function judgeSchema(dataset: DatasetName, described: readonly DescribedColumn[]): Verdict {
  const contract = DATASETS[dataset].columns;
  const differences = describeDrift(schemaDrift(contract, described));
  const message =
    differences.length === 0
      ? `${contract.length} columns match the ${dataset} contract`
      : `${differences.length} difference${differences.length === 1 ? '' : 's'} from the ${dataset} contract: ${differences.join('; ')}`;
  return {
    passed: differences.length === 0,
    observed: differences.length,
    threshold: 0,
    message,
    failingRows: differences.length,
    totalRows: contract.length,
    samples: differences,
  };
}

function failurePhrase(check: RowCheck): string {
  switch (check.type) {
    case 'not_null':
      return `have a null in ${check.columns.join(', ')}`;
    case 'unique':
      return `repeat a value of ${check.columns.join(', ')}`;
    case 'accepted_values':
      return `have ${check.column} outside ${check.values.join(', ')}`;
    case 'range':
      return `have ${check.column} outside ${check.minExclusive ? '(' : '['}${check.min ?? '-∞'}, ${check.max ?? '∞'}${check.maxExclusive ? ')' : ']'}`;
    case 'regex':
      return `have ${check.column} not matching ${check.pattern}`;
    case 'referential':
      return `have ${check.column} missing from ${check.references.dataset}.${check.references.column}`;
    case 'expression':
      return `fail ${check.expression}`;
  }
}

const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
