import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';
import { numberLiteral } from '../../domain/quality/sql-text';
import { withDuckDbFile } from '../duckdb/file-access';
import type { QualityResultsStore } from './results-store';
import { checkResultColumns, storedCheckResult, storedOverride } from './stored-rows';
import { inDuckDbTransaction } from '../duckdb/transaction';

const CREATE_RESULTS = `CREATE TABLE IF NOT EXISTS DQ_RESULTS (
  run_id VARCHAR NOT NULL,
  dataset VARCHAR NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  check_name VARCHAR NOT NULL,
  check_type VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  observed DOUBLE,
  threshold DOUBLE NOT NULL,
  failing_rows BIGINT NOT NULL,
  total_rows BIGINT NOT NULL,
  samples VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  checked_at TIMESTAMPTZ NOT NULL)`;

const CREATE_OVERRIDES = `CREATE TABLE IF NOT EXISTS DQ_OVERRIDES (
  run_id VARCHAR NOT NULL,
  dataset VARCHAR NOT NULL,
  hour TIMESTAMPTZ NOT NULL,
  reason VARCHAR NOT NULL,
  overridden_by VARCHAR NOT NULL,
  overridden_at TIMESTAMPTZ NOT NULL)`;

const INSERT_RESULT = `INSERT INTO DQ_RESULTS VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CAST($14 AS TIMESTAMPTZ))`;
const INSERT_OVERRIDE = `INSERT INTO DQ_OVERRIDES VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ), $4, $5, CAST($6 AS TIMESTAMPTZ))`;

const iso = (ms: number): string => new Date(ms).toISOString();
const rows = async (db: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<Record<string, JS>[]> =>
  (await db.runAndReadAll(sql, values)).getRowObjectsJS();

/**
 * DQ_RESULTS and DQ_OVERRIDES in the local warehouse's DuckDB file, opened for each call and closed after it, so the
 * CLI and the dashboard can read between writes. Reads of a file that does not exist yet find nothing and create nothing.
 */
export function duckDbQualityResultsStore(path: string): QualityResultsStore {
  const write = async (work: (db: DuckDBConnection) => Promise<void>): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    await withDuckDbFile(path, async (db) => {
      await db.run(CREATE_RESULTS);
      await db.run(CREATE_OVERRIDES);
      await inDuckDbTransaction(db, () => work(db));
    });
  };
  const read = async <T>(work: (db: DuckDBConnection) => Promise<T[]>): Promise<T[]> => {
    if (!existsSync(path)) return [];
    return withDuckDbFile(path, async (db) => {
      await db.run(CREATE_RESULTS);
      await db.run(CREATE_OVERRIDES);
      return work(db);
    });
  };

  return {
    recordRun: (run) =>
      write(async (db) => {
        await db.run('DELETE FROM DQ_RESULTS WHERE run_id = $1', [run.runId]);
        for (const r of run.results) {
          await db.run(INSERT_RESULT, [run.runId, run.dataset, iso(run.hourStartMs), ...checkResultColumns(r), iso(run.checkedAtMs)]);
        }
      }),

    recordOverride: (o) =>
      write(async (db) => {
        await db.run('DELETE FROM DQ_OVERRIDES WHERE run_id = $1', [o.runId]);
        await db.run(INSERT_OVERRIDE, [o.runId, o.dataset, iso(o.hourStartMs), o.reason, o.by, iso(o.atMs)]);
      }),

    rowCounts: (dataset, hourStartsMs) =>
      hourStartsMs.length === 0
        ? Promise.resolve([])
        : read(async (db) => {
            const found = await rows(
              db,
              `SELECT total_rows FROM DQ_RESULTS
               WHERE dataset = $1 AND check_type = 'volume_anomaly' AND epoch_ms(hour) IN (${hourStartsMs.map(numberLiteral).join(', ')})
                 -- a check that could not run (failed with nothing observed) counted nothing
                 AND (status = 'pass' OR observed IS NOT NULL)
               QUALIFY row_number() OVER (PARTITION BY hour ORDER BY checked_at DESC) = 1
               ORDER BY hour`,
              [dataset],
            );
            return found.map((r) => Number(r.total_rows));
          }),

    resultsOfHour: (hourStartMs) =>
      read(async (db) => {
        const found = await rows(
          db,
          `SELECT *, epoch_ms(hour) AS hour_ms, epoch_ms(checked_at) AS checked_ms FROM DQ_RESULTS
           WHERE hour = CAST($1 AS TIMESTAMPTZ) ORDER BY checked_at, run_id, rowid`,
          [iso(hourStartMs)],
        );
        return found.map(storedCheckResult);
      }),

    overridesOfHour: (hourStartMs) =>
      read(async (db) => {
        const found = await rows(
          db,
          `SELECT run_id, dataset, epoch_ms(hour) AS hour_ms, reason, overridden_by, epoch_ms(overridden_at) AS at_ms FROM DQ_OVERRIDES
           WHERE hour = CAST($1 AS TIMESTAMPTZ) ORDER BY overridden_at`,
          [iso(hourStartMs)],
        );
        return found.map(storedOverride);
      }),

    purgeOlderThan: async (cutoffMs) => {
      let deleted = 0;
      await write(async (db) => {
        for (const table of ['DQ_RESULTS', 'DQ_OVERRIDES']) {
          deleted += (await db.run(`DELETE FROM ${table} WHERE hour < CAST($1 AS TIMESTAMPTZ)`, [iso(cutoffMs)])).rowsChanged;
        }
      });
      return deleted;
    },

    // Nothing stays open between calls.
    close: () => Promise.resolve(),
  };
}
