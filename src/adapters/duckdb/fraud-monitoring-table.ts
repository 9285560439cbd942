import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MonitoringReport } from '../../domain/monitoring/report';
import { withDuckDbFile } from './file-access';
import { inDuckDbTransaction } from './transaction';

/**
 * One row per monitored 15-minute window (grain: window_end). Its own table rather than FRAUD_ANALYSIS, which the
 * hourly ETL fills from the lake with another grain.
 */
const CREATE_FRAUD_MONITORING = `CREATE TABLE IF NOT EXISTS FRAUD_MONITORING (
  window_start TIMESTAMPTZ NOT NULL,
  window_end TIMESTAMPTZ NOT NULL,
  alerts BIGINT NOT NULL,
  critical_alerts BIGINT NOT NULL,
  high_alerts BIGINT NOT NULL,
  medium_alerts BIGINT NOT NULL,
  low_alerts BIGINT NOT NULL,
  average_score DOUBLE,
  latency_p50_ms DOUBLE,
  latency_p95_ms DOUBLE,
  latency_max_ms DOUBLE,
  baseline_alerts BIGINT NOT NULL,
  baseline_complete BOOLEAN NOT NULL,
  baseline_mean_per_window DOUBLE NOT NULL,
  baseline_sd_per_window DOUBLE NOT NULL,
  spike BOOLEAN NOT NULL,
  new_patterns VARCHAR NOT NULL,
  incident_keys VARCHAR NOT NULL,
  report_json_key VARCHAR NOT NULL,
  generated_at TIMESTAMPTZ NOT NULL)`;

const INSERT_ROW = `INSERT INTO FRAUD_MONITORING VALUES (CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ), $3, $4, $5, $6, $7,
  $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, CAST($20 AS TIMESTAMPTZ))`;

/** Records a window's report in FRAUD_MONITORING of the warehouse DuckDB file, replacing an earlier row of the window. */
export async function recordFraudMonitoring(path: string, report: MonitoringReport, reportJsonKey: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const w = report.window;
  await withDuckDbFile(path, async (db) => {
    await db.run(CREATE_FRAUD_MONITORING);
    await inDuckDbTransaction(db, async () => {
      await db.run('DELETE FROM FRAUD_MONITORING WHERE window_end = CAST($1 AS TIMESTAMPTZ)', [report.windowEnd]);
      await db.run(INSERT_ROW, [
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
      ]);
    });
  });
}
