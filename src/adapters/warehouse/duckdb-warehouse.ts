import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  KPI_SOURCE_TABLES,
  KPI_TABLE,
  hourKpisOf,
  hoursComparedWith,
  kpiReplaceStatements,
  kpiStatements,
} from '../../domain/etl/kpi-metrics';
import { HOUR_COLUMN, WAREHOUSE_TABLES, addedColumnStatements } from '../../domain/etl/warehouse-tables';
import { parquetRelation, quoteIdent, sqlLiteral } from '../../domain/quality/sql-text';
import { withDuckDbFile } from '../duckdb/file-access';
import { interruptible } from '../duckdb/interruptible';
import { inDuckDbTransaction } from '../duckdb/transaction';
import { kpiSelectSql } from './kpi-sql';
import type { Warehouse } from './warehouse';

const CREATE_RUNS = `CREATE TABLE IF NOT EXISTS ETL_RUNS (
  run_id VARCHAR NOT NULL,
  etl_hour TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  report_key VARCHAR NOT NULL,
  counts VARCHAR NOT NULL)`;

/** A time as a DuckDB TIMESTAMP (UTC) literal. */
const timestamp = (ms: number): string => `TIMESTAMP ${sqlLiteral(new Date(ms).toISOString().slice(0, 23).replace('T', ' '))}`;

async function existingTables(db: DuckDBConnection): Promise<Set<string>> {
  const found = await db.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
  return new Set(found.getRowObjectsJS().map((r) => String(r.table_name)));
}

async function hourRows(db: DuckDBConnection, table: string, hourStartMs: number): Promise<number> {
  const found = await db.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${HOUR_COLUMN} = ${timestamp(hourStartMs)}`);
  return Number(found.getRowObjectsJS()[0]?.n ?? 0);
}

/**
 * The local warehouse: a DuckDB file, opened per call (taking turns with the other writers of this process) and closed
 * after, so the CLI and the dashboard can read between loads. A table is created from its first curated file, so the
 * SQL files define the columns once.
 */
export function duckDbWarehouse(path: string): Warehouse {
  const open = async <T>(work: (db: DuckDBConnection) => Promise<T>): Promise<T> => {
    await mkdir(dirname(path), { recursive: true });
    return withDuckDbFile(path, work);
  };

  return {
    description: `DuckDB ${path}`,

    loadHour: (hourStartMs, tables, signal) =>
      open((db) =>
        // An interrupted statement fails the transaction, which rolls back (or, interrupted too, is dropped when the
        // connection closes): the hour keeps its rows.
        interruptible(db, signal, () =>
          inDuckDbTransaction(db, async () => {
            const existing = await existingTables(db);
            const rows: Record<string, number> = {};
            for (const { table, files } of tables) {
              const name = quoteIdent(table);
              if (files.length > 0 && !existing.has(table)) {
                await db.run(`CREATE TABLE ${name} AS SELECT * FROM ${parquetRelation(files)} LIMIT 0`);
                existing.add(table);
              }
              if (!existing.has(table)) {
                rows[table] = 0;
                continue;
              }
              await db.run(`DELETE FROM ${name} WHERE ${HOUR_COLUMN} = ${timestamp(hourStartMs)}`);
              if (files.length > 0) {
                for (const sql of addedColumnStatements(table, name)) await db.run(sql);
                await db.run(`INSERT INTO ${name} BY NAME SELECT * FROM ${parquetRelation(files)}`);
              }
              rows[table] = await hourRows(db, table, hourStartMs);
            }
            // The hour's KPIs from what the warehouse now holds, in the same transaction: never KPIs of a half-loaded hour.
            if (KPI_SOURCE_TABLES.every((t) => existing.has(t))) {
              const select = await kpiSelectSql();
              for (const sql of kpiStatements(select, hourStartMs, timestamp(hourStartMs))) await db.run(sql);
              rows[KPI_TABLE] = await hourRows(db, KPI_TABLE, hourStartMs);
              for (const laterMs of hoursComparedWith(hourStartMs)) {
                if ((await hourRows(db, KPI_TABLE, laterMs)) === 0) continue;
                for (const sql of kpiReplaceStatements(select, laterMs, timestamp(laterMs))) await db.run(sql);
              }
            }
            return rows;
          }),
        ),
      ),

    hourKpis: (hourStartsMs) =>
      open(async (db) => {
        if (hourStartsMs.length === 0 || !(await existingTables(db)).has(KPI_TABLE)) return [];
        const found = await db.runAndReadAll(
          `SELECT *, epoch_ms(${HOUR_COLUMN}) AS hour_ms FROM ${KPI_TABLE} WHERE ${HOUR_COLUMN} IN (${hourStartsMs.map(timestamp).join(', ')})`,
        );
        return found.getRowObjectsJS().map((r) => hourKpisOf(r));
      }),

    recordRun: (run) =>
      open(async (db) => {
        await db.run(CREATE_RUNS);
        await inDuckDbTransaction(db, async () => {
          await db.run('DELETE FROM ETL_RUNS WHERE run_id = $1', [run.runId]);
          await db.run(
            `INSERT INTO ETL_RUNS VALUES ($1, ${timestamp(run.hourStartMs)}, $2, ${timestamp(run.startedAtMs)}, ${timestamp(run.finishedAtMs)}, $3, $4)`,
            [run.runId, run.status, run.reportKey, JSON.stringify(run.counts)],
          );
        });
      }),

    loadedHours: (fromMs, toMs) =>
      open(async (db) => {
        if (!(await existingTables(db)).has('ETL_RUNS')) return [];
        const found = await db.runAndReadAll(
          `SELECT DISTINCT epoch_ms(etl_hour) AS ms FROM ETL_RUNS
           WHERE status = 'succeeded' AND etl_hour BETWEEN ${timestamp(fromMs)} AND ${timestamp(toMs)} ORDER BY ms`,
        );
        return found.getRowObjectsJS().map((r) => Number(r.ms));
      }),

    firstLoadedHour: () =>
      open(async (db) => {
        if (!(await existingTables(db)).has('ETL_RUNS')) return undefined;
        const found = await db.runAndReadAll(`SELECT epoch_ms(min(etl_hour)) AS ms FROM ETL_RUNS WHERE status = 'succeeded'`);
        const ms = found.getRowObjectsJS()[0]?.ms;
        return ms === null || ms === undefined ? undefined : Number(ms);
      }),

    purgeOlderThan: (cutoffMs) =>
      open((db) =>
        inDuckDbTransaction(db, async () => {
          const existing = await existingTables(db);
          let deleted = 0;
          for (const table of [...Object.values(WAREHOUSE_TABLES), KPI_TABLE, 'ETL_RUNS'].filter((t) => existing.has(t))) {
            deleted += (await db.run(`DELETE FROM ${quoteIdent(table)} WHERE ${HOUR_COLUMN} < ${timestamp(cutoffMs)}`)).rowsChanged;
          }
          return deleted;
        }),
      ),

    health: () => open(async (db) => void (await db.run('SELECT 1'))),

    // Each call opens and closes the file: nothing is held between calls.
    close: () => Promise.resolve(),
  };
}
