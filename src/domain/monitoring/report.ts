import type { Baseline, BaselineComparison } from './baseline';
import type { Escalation } from './escalation';
import type { AlertWindowSummary } from './summary';
import type { MonitoringWindow } from './window';

/** Everything a monitoring run found: the JSON report in the lake. */
export interface MonitoringReport extends MonitoringWindow {
  readonly window: AlertWindowSummary;
  readonly baseline: Baseline;
  readonly comparison: BaselineComparison;
  readonly escalations: readonly Escalation[];
  /** Alert records skipped as invalid. */
  readonly invalidRecords: number;
  readonly generatedAt: string;
}

/** What the activity hands the workflow: counts and references, never alert lists. */
export interface MonitoringResult extends MonitoringWindow {
  readonly alerts: number;
  readonly criticalAlerts: number;
  readonly averageScore: number | null;
  readonly spike: boolean;
  readonly newPatterns: readonly string[];
  readonly escalations: readonly Escalation[];
  /** Lake keys of the JSON and HTML reports. */
  readonly reportKeys: { readonly json: string; readonly html: string };
}

/** Lake key of a window's report, without extension: `reports/fraud/<windowEnd>`. */
export function reportKeyOf(windowEnd: string): string {
  return `reports/fraud/${windowEnd}`;
}

/** The small result of a report. */
export function resultOf(report: MonitoringReport): MonitoringResult {
  const key = reportKeyOf(report.windowEnd);
  return {
    windowStart: report.windowStart,
    windowEnd: report.windowEnd,
    alerts: report.window.alerts,
    criticalAlerts: report.window.bySeverity.CRITICAL ?? 0,
    averageScore: report.window.averageScore,
    spike: report.comparison.spike,
    newPatterns: report.comparison.newPatterns,
    escalations: report.escalations,
    reportKeys: { json: `${key}.json`, html: `${key}.html` },
  };
}
