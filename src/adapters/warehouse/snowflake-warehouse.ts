import type { Connection } from 'snowflake-sdk';
import {
  KPI_SOURCE_TABLES,
  KPI_TABLE,
  hourKpisOf,
  hoursComparedWith,
  kpiReplaceStatements,
  kpiStatements,
} from '../../domain/etl/kpi-metrics';
import { snowflakeHourLoad, snowflakeTimestamp } from '../../domain/etl/snowflake-load-sql';
import { HOUR_COLUMN, WAREHOUSE_TABLES } from '../../domain/etl/warehouse-tables';
import { quoteIdent } from '../../domain/quality/sql-text';
import type { SnowflakePool } from '../snowflake/pool';
import { inSnowflakeTransaction, runStatement } from '../snowflake/statements';
import { kpiSelectSql } from './kpi-sql';
import type { Warehouse } from './warehouse';

const CREATE_RUNS = `CREATE TABLE IF NOT EXISTS ETL_RUNS (
  RUN_ID VARCHAR NOT NULL, ETL_HOUR TIMESTAMP_NTZ NOT NULL, STATUS VARCHAR NOT NULL, STARTED_AT TIMESTAMP_NTZ NOT NULL,
  FINISHED_AT TIMESTAMP_NTZ NOT NULL, REPORT_KEY VARCHAR NOT NULL, COUNTS VARIANT NOT NULL)`;

async function existingTables(connection: Connection): Promise<Set<string>> {
  const rows = await runStatement(connection, 'SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA()');
  return new Set(rows.map((r) => String(r.TABLE_NAME)));
}

/**
 * The warehouse on Snowflake: an hour's curated Parquet is PUT to a stage and COPied into temporary staging tables,
 * then the hour is replaced (DELETE + INSERT) in one transaction, so loading it twice leaves the same rows. Tested with
 * the real driver over HTTP against a protocol-level stand-in (test/integration/etl/snowflake-load.test.ts).
 */
export function snowflakeWarehouse(pool: SnowflakePool, account: string): Warehouse {
  return {
    description: `Snowflake ${account}`,

    loadHour: (hourStartMs, tables) =>
      pool.use(async (connection) => {
        const load = snowflakeHourLoad(hourStartMs, tables, await existingTables(connection));
        for (const sql of load.prepare) await runStatement(connection, sql);
        // The tables exist once prepared; the hour's KPIs come from them in the load's transaction.
        const prepared = await existingTables(connection);
        const kpis = KPI_SOURCE_TABLES.every((t) => prepared.has(t))
          ? kpiStatements(await kpiSelectSql(), hourStartMs, snowflakeTimestamp(hourStartMs))
          : [];
        // DDL commits in Snowflake: the KPI table is created before the transaction opens.
        const [createKpis, ...replaceKpis] = kpis;
        if (createKpis !== undefined) await runStatement(connection, createKpis);
        await inSnowflakeTransaction(connection, async () => {
          for (const sql of [...load.replace, ...replaceKpis]) await runStatement(connection, sql);
          if (kpis.length === 0) return;
          // Later hours that compare with this one are computed again, so a backfill reaches their growth.
          const later = hoursComparedWith(hourStartMs);
          const found = await runStatement(
            connection,
            `SELECT ${HOUR_COLUMN.toUpperCase()} FROM ${KPI_TABLE} WHERE ${HOUR_COLUMN.toUpperCase()} IN (${later.map(snowflakeTimestamp).join(', ')})`,
          );
          const select = await kpiSelectSql();
          for (const laterMs of found.map((r) => (r.ETL_HOUR as Date).getTime())) {
            for (const sql of kpiReplaceStatements(select, laterMs, snowflakeTimestamp(laterMs))) await runStatement(connection, sql);
          }
        });
        for (const sql of load.cleanup) await runStatement(connection, sql);
        const existing = await existingTables(connection);
        const rows: Record<string, number> = {};
        for (const table of [...tables.map((t) => t.table), ...(kpis.length > 0 ? [KPI_TABLE] : [])]) {
          rows[table] = existing.has(table)
            ? Number(
                (
                  await runStatement(
                    connection,
                    `SELECT COUNT(*) AS N FROM ${quoteIdent(table)} WHERE ${HOUR_COLUMN.toUpperCase()} = ${snowflakeTimestamp(hourStartMs)}`,
                  )
                )[0]?.N ?? 0,
              )
            : 0;
        }
        return rows;
      }),

    // The driver reads TIMESTAMP_NTZ as a Date in UTC.
    hourKpis: (hourStartsMs) =>
      pool.use(async (connection) => {
        if (hourStartsMs.length === 0 || !(await existingTables(connection)).has(KPI_TABLE)) return [];
        const rows = await runStatement(
          connection,
          `SELECT * FROM ${KPI_TABLE} WHERE ${HOUR_COLUMN.toUpperCase()} IN (${hourStartsMs.map(snowflakeTimestamp).join(', ')})`,
        );
        return rows.map((r) => hourKpisOf({ ...r, HOUR_MS: (r.ETL_HOUR as Date).getTime() }));
      }),

    recordRun: (r) =>
      pool.use(async (connection) => {
        await runStatement(connection, CREATE_RUNS);
        await inSnowflakeTransaction(connection, async () => {
          await runStatement(connection, 'DELETE FROM ETL_RUNS WHERE RUN_ID = ?', [r.runId]);
          await runStatement(
            connection,
            `INSERT INTO ETL_RUNS SELECT ?, ${snowflakeTimestamp(r.hourStartMs)}, ?, ${snowflakeTimestamp(r.startedAtMs)}, ${snowflakeTimestamp(r.finishedAtMs)}, ?, PARSE_JSON(?)`,
            [r.runId, r.status, r.reportKey, JSON.stringify(r.counts)],
          );
        });
      }),

    // The driver reads TIMESTAMP_NTZ as a Date in UTC.
    loadedHours: (fromMs, toMs) =>
      pool.use(async (connection) => {
        if (!(await existingTables(connection)).has('ETL_RUNS')) return [];
        const rows = await runStatement(
          connection,
          `SELECT DISTINCT ETL_HOUR FROM ETL_RUNS
           WHERE STATUS = 'succeeded' AND ETL_HOUR BETWEEN ${snowflakeTimestamp(fromMs)} AND ${snowflakeTimestamp(toMs)} ORDER BY ETL_HOUR`,
        );
        return rows.map((r) => (r.ETL_HOUR as Date).getTime());
      }),

    firstLoadedHour: () =>
      pool.use(async (connection) => {
        if (!(await existingTables(connection)).has('ETL_RUNS')) return undefined;
        const [row] = await runStatement(connection, `SELECT MIN(ETL_HOUR) AS FIRST_HOUR FROM ETL_RUNS WHERE STATUS = 'succeeded'`);
        return row?.FIRST_HOUR instanceof Date ? row.FIRST_HOUR.getTime() : undefined;
      }),

    purgeOlderThan: (cutoffMs) =>
      pool.use(async (connection) => {
        const existing = await existingTables(connection);
        let deleted = 0;
        await inSnowflakeTransaction(connection, async () => {
          for (const table of [...Object.values(WAREHOUSE_TABLES), KPI_TABLE, 'ETL_RUNS'].filter((t) => existing.has(t))) {
            const [result] = await runStatement(
              connection,
              `DELETE FROM ${quoteIdent(table)} WHERE ${HOUR_COLUMN.toUpperCase()} < ${snowflakeTimestamp(cutoffMs)}`,
            );
            deleted += Number(result?.['number of rows deleted'] ?? 0);
          }
        });
        return deleted;
      }),

    health: () => pool.use(async (connection) => void (await runStatement(connection, 'SELECT 1'))),

    close: async () => {
      await pool.drain();
      await pool.clear();
    },
  };
}
