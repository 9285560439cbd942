import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withDuckDbFile } from '../duckdb/file-access';
import { inDuckDbTransaction } from '../duckdb/transaction';
import { monitoringRowOf, type FraudMonitoringStore } from './store';

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

/** FRAUD_MONITORING in the warehouse DuckDB file, opened for each record (the file is shared with the ETL's loads). */
export function duckDbFraudMonitoringStore(path: string): FraudMonitoringStore {
  return {
    async record(report, reportJsonKey) {
      await mkdir(dirname(path), { recursive: true });
      await withDuckDbFile(path, async (db) => {
        await db.run(CREATE_FRAUD_MONITORING);
        await inDuckDbTransaction(db, async () => {
          await db.run('DELETE FROM FRAUD_MONITORING WHERE window_end = CAST($1 AS TIMESTAMPTZ)', [report.windowEnd]);
          await db.run(INSERT_ROW, monitoringRowOf(report, reportJsonKey));
        });
      });
    },
    close: async () => {},
  };
}
