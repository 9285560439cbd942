import type { Config } from '../../config';
import type { MonitoringReport } from '../../domain/monitoring/report';
import type { SnowflakeSettings } from '../snowflake/connection-options';
import { createSnowflakePool } from '../snowflake/pool';
import { duckDbFraudMonitoringStore } from './duckdb-store';
import { snowflakeFraudMonitoringStore } from './snowflake-store';

/**
 * The warehouse's FRAUD_MONITORING table, one row per monitored 15-minute window (grain: window_end): a DuckDB file
 * locally, or Snowflake, as WAREHOUSE says. Its own table rather than FRAUD_ANALYSIS, which the hourly ETL fills from
 * the lake with another grain.
 */
export interface FraudMonitoringStore {
  /** Records a window's report, replacing an earlier row of the window, so a retried activity records it once. */
  record(report: MonitoringReport, reportJsonKey: string): Promise<void>;
  close(): Promise<void>;
}

/** The values of a window's row, in the table's column order (times as ISO text). */
export function monitoringRowOf(report: MonitoringReport, reportJsonKey: string): Array<string | number | boolean | null> {
  const w = report.window;
  return [
    report.windowStart,
    report.windowEnd,
    w.alerts,
    w.bySeverity.CRITICAL ?? 0,
    w.bySeverity.HIGH ?? 0,
    w.bySeverity.MEDIUM ?? 0,
    w.bySeverity.LOW ?? 0,
    w.averageScore,
    w.detectionLatencyMs?.p50 ?? null,
    w.detectionLatencyMs?.p95 ?? null,
    w.detectionLatencyMs?.max ?? null,
    report.baseline.alerts,
    report.baseline.complete,
    report.baseline.meanPerWindow,
    report.baseline.sdPerWindow,
    report.comparison.spike,
    JSON.stringify(report.comparison.newPatterns),
    JSON.stringify(report.escalations.map((e) => e.key)),
    reportJsonKey,
    report.generatedAt,
  ];
}

/** The store of the configured warehouse. Snowflake's has a pool of its own, which logs in only on first use. */
export function openFraudMonitoringStore(
  c: Pick<Config, 'warehouse' | 'warehouseDuckdbPath' | 'snowflakePoolMax'> & SnowflakeSettings,
): FraudMonitoringStore {
  return c.warehouse === 'snowflake'
    ? snowflakeFraudMonitoringStore(createSnowflakePool(c))
    : duckDbFraudMonitoringStore(c.warehouseDuckdbPath);
}
