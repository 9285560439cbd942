import type { Connection } from 'snowflake-sdk';
import type { SnowflakePool } from '../snowflake/pool';
import { inSnowflakeTransaction, runStatement, type SnowflakeBind, type SnowflakeRow } from '../snowflake/statements';
import type { QualityResultsStore } from './results-store';
import { checkResultColumns, storedCheckResult, storedOverride, type StoredRow } from './stored-rows';

// The columns of the DuckDB store's tables, with the hour in UTC as TIMESTAMP_NTZ like every warehouse table, and the
// check's place in its run (SEQ), which Snowflake has no rowid to keep.
const CREATE_RESULTS = `CREATE TABLE IF NOT EXISTS DQ_RESULTS (
  RUN_ID VARCHAR NOT NULL, DATASET VARCHAR NOT NULL, HOUR TIMESTAMP_NTZ NOT NULL, SEQ INTEGER NOT NULL,
  CHECK_NAME VARCHAR NOT NULL, CHECK_TYPE VARCHAR NOT NULL, SEVERITY VARCHAR NOT NULL, STATUS VARCHAR NOT NULL,
  OBSERVED DOUBLE, THRESHOLD DOUBLE NOT NULL, FAILING_ROWS BIGINT NOT NULL, TOTAL_ROWS BIGINT NOT NULL,
  SAMPLES VARCHAR NOT NULL, MESSAGE VARCHAR NOT NULL, CHECKED_AT TIMESTAMP_NTZ NOT NULL)`;

const CREATE_OVERRIDES = `CREATE TABLE IF NOT EXISTS DQ_OVERRIDES (
  RUN_ID VARCHAR NOT NULL, DATASET VARCHAR NOT NULL, HOUR TIMESTAMP_NTZ NOT NULL, REASON VARCHAR NOT NULL,
  OVERRIDDEN_BY VARCHAR NOT NULL, OVERRIDDEN_AT TIMESTAMP_NTZ NOT NULL)`;

const INSERT_RESULT = `INSERT INTO DQ_RESULTS SELECT ?, ?, TO_TIMESTAMP_NTZ(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TO_TIMESTAMP_NTZ(?)`;
const INSERT_OVERRIDE = `INSERT INTO DQ_OVERRIDES SELECT ?, ?, TO_TIMESTAMP_NTZ(?), ?, ?, TO_TIMESTAMP_NTZ(?)`;

/** A time as TIMESTAMP_NTZ text (UTC, milliseconds), for a bind. */
const ntz = (ms: number): string => new Date(ms).toISOString().slice(0, 23);

/** The TIMESTAMP_NTZ columns, and the name of each one's time in ms that the stored-row readers take. */
const TIMES: Readonly<Record<string, string>> = { HOUR: 'hour_ms', CHECKED_AT: 'checked_ms', OVERRIDDEN_AT: 'at_ms' };

/** A row with Snowflake's upper-case names as the lower-case row the stored-row readers take; the driver reads times as Dates (UTC). */
function storedRow(r: SnowflakeRow): StoredRow {
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(r)) {
    row[name.toLowerCase()] = value;
    const ms = TIMES[name];
    if (ms) row[ms] = (value as Date).getTime();
  }
  return row;
}

/** DQ_RESULTS and DQ_OVERRIDES on Snowflake, through the pool; closing the store closes the pool. */
export function snowflakeQualityResultsStore(pool: SnowflakePool): QualityResultsStore {
  const withTables = <T>(work: (connection: Connection) => Promise<T>): Promise<T> =>
    pool.use(async (connection) => {
      await runStatement(connection, CREATE_RESULTS);
      await runStatement(connection, CREATE_OVERRIDES);
      return work(connection);
    });
  const select = (sql: string, binds: SnowflakeBind[]): Promise<StoredRow[]> =>
    withTables(async (connection) => (await runStatement(connection, sql, binds)).map(storedRow));

  return {
    recordRun: (run) =>
      withTables((connection) =>
        inSnowflakeTransaction(connection, async () => {
          await runStatement(connection, 'DELETE FROM DQ_RESULTS WHERE RUN_ID = ?', [run.runId]);
          for (const [seq, r] of run.results.entries()) {
            await runStatement(connection, INSERT_RESULT, [
              run.runId,
              run.dataset,
              ntz(run.hourStartMs),
              seq,
              ...checkResultColumns(r),
              ntz(run.checkedAtMs),
            ]);
          }
        }),
      ),

    recordOverride: (o) =>
      withTables((connection) =>
        inSnowflakeTransaction(connection, async () => {
          await runStatement(connection, 'DELETE FROM DQ_OVERRIDES WHERE RUN_ID = ?', [o.runId]);
          await runStatement(connection, INSERT_OVERRIDE, [o.runId, o.dataset, ntz(o.hourStartMs), o.reason, o.by, ntz(o.atMs)]);
        }),
      ),

    rowCounts: async (dataset, hourStartsMs) => {
      if (hourStartsMs.length === 0) return [];
      const found = await select(
        `SELECT HOUR, TOTAL_ROWS FROM DQ_RESULTS
         WHERE DATASET = ? AND CHECK_TYPE = 'volume_anomaly' AND HOUR IN (${hourStartsMs.map(() => 'TO_TIMESTAMP_NTZ(?)').join(', ')})
           -- a check that could not run (failed with nothing observed) counted nothing
           AND (STATUS = 'pass' OR OBSERVED IS NOT NULL)
         QUALIFY ROW_NUMBER() OVER (PARTITION BY HOUR ORDER BY CHECKED_AT DESC) = 1
         ORDER BY HOUR`,
        [dataset, ...hourStartsMs.map(ntz)],
      );
      return found.map((r) => Number(r.total_rows));
    },

    resultsOfHour: async (hourStartMs) =>
      (await select('SELECT * FROM DQ_RESULTS WHERE HOUR = TO_TIMESTAMP_NTZ(?) ORDER BY CHECKED_AT, RUN_ID, SEQ', [ntz(hourStartMs)])).map(
        storedCheckResult,
      ),

    overridesOfHour: async (hourStartMs) =>
      (await select('SELECT * FROM DQ_OVERRIDES WHERE HOUR = TO_TIMESTAMP_NTZ(?) ORDER BY OVERRIDDEN_AT', [ntz(hourStartMs)])).map(
        storedOverride,
      ),

    purgeOlderThan: (cutoffMs) =>
      withTables((connection) =>
        inSnowflakeTransaction(connection, async () => {
          let deleted = 0;
          for (const table of ['DQ_RESULTS', 'DQ_OVERRIDES']) {
            const [result] = await runStatement(connection, `DELETE FROM ${table} WHERE HOUR < TO_TIMESTAMP_NTZ(?)`, [ntz(cutoffMs)]);
            deleted += Number(result?.['number of rows deleted'] ?? 0);
          }
          return deleted;
        }),
      ),

    close: async () => {
      await pool.drain();
      await pool.clear();
    },
  };
}
