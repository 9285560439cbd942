import type { SnowflakePool } from '../snowflake/pool';
import { inSnowflakeTransaction, runStatement } from '../snowflake/statements';
import { monitoringRowOf, type FraudMonitoringStore } from './store';

// The DuckDB table's columns, with times in UTC as TIMESTAMP_NTZ like every warehouse table.
const CREATE_FRAUD_MONITORING = `CREATE TABLE IF NOT EXISTS FRAUD_MONITORING (
  WINDOW_START TIMESTAMP_NTZ NOT NULL, WINDOW_END TIMESTAMP_NTZ NOT NULL, ALERTS BIGINT NOT NULL,
  CRITICAL_ALERTS BIGINT NOT NULL, HIGH_ALERTS BIGINT NOT NULL, MEDIUM_ALERTS BIGINT NOT NULL, LOW_ALERTS BIGINT NOT NULL,
  AVERAGE_SCORE DOUBLE, LATENCY_P50_MS DOUBLE, LATENCY_P95_MS DOUBLE, LATENCY_MAX_MS DOUBLE, BASELINE_ALERTS BIGINT NOT NULL,
  BASELINE_COMPLETE BOOLEAN NOT NULL, BASELINE_MEAN_PER_WINDOW DOUBLE NOT NULL, BASELINE_SD_PER_WINDOW DOUBLE NOT NULL,
  SPIKE BOOLEAN NOT NULL, NEW_PATTERNS VARCHAR NOT NULL, INCIDENT_KEYS VARCHAR NOT NULL, REPORT_JSON_KEY VARCHAR NOT NULL,
  GENERATED_AT TIMESTAMP_NTZ NOT NULL)`;

const INSERT_ROW = `INSERT INTO FRAUD_MONITORING SELECT TO_TIMESTAMP_NTZ(?), TO_TIMESTAMP_NTZ(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
  ?, ?, ?, TO_TIMESTAMP_NTZ(?)`;

/** An ISO time as TIMESTAMP_NTZ text (UTC), for a bind. */
const ntz = (iso: string): string => new Date(iso).toISOString().slice(0, 23);

/** FRAUD_MONITORING on Snowflake, through the pool; closing the store closes the pool. */
export function snowflakeFraudMonitoringStore(pool: SnowflakePool): FraudMonitoringStore {
  return {
    record: (report, reportJsonKey) =>
      pool.use(async (connection) => {
        // DDL commits in Snowflake: the table is created before the transaction opens.
        await runStatement(connection, CREATE_FRAUD_MONITORING);
        const row = monitoringRowOf(report, reportJsonKey);
        await inSnowflakeTransaction(connection, async () => {
          await runStatement(connection, 'DELETE FROM FRAUD_MONITORING WHERE WINDOW_END = TO_TIMESTAMP_NTZ(?)', [ntz(report.windowEnd)]);
          await runStatement(connection, INSERT_ROW, [
            ntz(report.windowStart),
            ntz(report.windowEnd),
            ...row.slice(2, -1),
            ntz(report.generatedAt),
          ]);
        });
      }),

    close: async () => {
      await pool.drain();
      await pool.clear();
    },
  };
}
