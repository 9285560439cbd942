import type { DatasetName } from '../../domain/lake/datasets';
import type { CheckResult, CheckSeverity, CheckStatus, CheckType } from '../../domain/quality';
import type { QualityOverride, StoredCheckResult } from './results-store';

/** A row of DQ_RESULTS or DQ_OVERRIDES with lower-case column names and its times as `hour_ms`, `checked_ms`, `at_ms`. */
export type StoredRow = Readonly<Record<string, unknown>>;

/** A DQ_RESULTS row as the result it records, whichever warehouse read it. */
export function storedCheckResult(r: StoredRow): StoredCheckResult {
  return {
    runId: String(r.run_id),
    dataset: String(r.dataset) as DatasetName,
    hourStartMs: Number(r.hour_ms),
    checkedAtMs: Number(r.checked_ms),
    check: String(r.check_name),
    type: String(r.check_type) as CheckType,
    severity: String(r.severity) as CheckSeverity,
    status: String(r.status) as CheckStatus,
    observed: r.observed === null ? null : Number(r.observed),
    threshold: Number(r.threshold),
    failing_rows: Number(r.failing_rows),
    total_rows: Number(r.total_rows),
    samples: JSON.parse(String(r.samples)) as string[],
    message: String(r.message),
  };
}

/** A DQ_OVERRIDES row as the override it records. */
export function storedOverride(r: StoredRow): QualityOverride {
  return {
    runId: String(r.run_id),
    dataset: String(r.dataset) as DatasetName,
    hourStartMs: Number(r.hour_ms),
    reason: String(r.reason),
    by: String(r.overridden_by),
    atMs: Number(r.at_ms),
  };
}

/** The DQ_RESULTS columns a check result fills, in table order from check_name to message; samples as JSON text. */
export function checkResultColumns(r: CheckResult): Array<string | number | null> {
  return [
    r.check,
    r.type,
    r.severity,
    r.status,
    r.observed,
    r.threshold,
    r.failing_rows,
    r.total_rows,
    JSON.stringify(r.samples),
    r.message,
  ];
}
