import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { withLocalCopies } from '../../../src/adapters/lake/local-copies';
import { describeCuratedHour } from '../../../src/adapters/transform/curated-hour';
import { runDuckDbTransform } from '../../../src/adapters/transform/duckdb-engine';
import { loadTransformSql, type TransformSql } from '../../../src/adapters/transform/sql-files';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import { curatedFileKey } from '../../../src/domain/etl/transform-plan';
import { WAREHOUSE_TABLES } from '../../../src/domain/etl/warehouse-tables';
import type { LakeRow } from '../../../src/domain/lake';
import { parquetRelation } from '../../../src/domain/quality/sql-text';
import { purchaseRows, transformAndLoad, writeLakeHour } from '../../support/lake-hour';

const HOUR_MS = 3_600_000;

/** The column types of a curated table's hour, by name, as DuckDB reads its Parquet. */
async function curatedTypes(lake: LakeStore, table: string, hourStartMs: number): Promise<Record<string, string>> {
  return withLocalCopies(lake, [curatedFileKey(table, hourStartMs)], (paths) =>
    withDuckDb(':memory:', async (db) => {
      const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${parquetRelation(paths)}`)).getRowObjectsJS();
      return Object.fromEntries(described.map((r) => [String(r.column_name), String(r.column_type)]));
    }),
  );
}

describe('hourly transform (DuckDB engine) and warehouse load', () => {
  let dir: string;
  let lake: LakeStore;
  let transform: TransformSql;
  const hourStartMs = Date.parse('2026-11-20T09:00:00Z');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-transform-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    transform = await loadTransformSql();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('drops and counts invalid rows and duplicate deliveries, keeps the rest once, with amount as DECIMAL(10,2)', async () => {
    const clean = purchaseRows(hourStartMs);
    const invalid: LakeRow[] = [
      { ...clean[0], transaction_id: 'bad-amount', amount: -5 },
      { ...clean[0], transaction_id: 'bad-quantity', quantity: 0 },
      { ...clean[0], transaction_id: 'bad-hour', event_time: new Date(hourStartMs - 1).toISOString() },
    ] as LakeRow[];
    // The same transactions delivered again at later offsets, as a replayed partition would.
    const redelivered = clean.slice(0, 4).map((r, i) => ({ ...r, kafka_offset: 1_000_000 + i }));
    await writeLakeHour(lake, 'transactions', hourStartMs, [...clean, ...invalid, ...redelivered]);

    await runDuckDbTransform(lake, transform, hourStartMs);
    const { counts, outputs } = await describeCuratedHour(lake, transform.plan, hourStartMs);

    assert.deepEqual(
      [counts.raw_transactions, counts.invalid_transactions, counts.duplicate_transactions, counts.transactions, counts.fraud_alerts],
      [clean.length + 7, 3, 4, clean.length, 0],
    );
    assert.deepEqual(outputs.transactions, [curatedFileKey('transactions', hourStartMs)]);
    const types = await curatedTypes(lake, 'transactions', hourStartMs);
    assert.equal(types.amount, 'DECIMAL(10,2)');
    assert.equal(types.dt, undefined, 'no Hive partition columns leak in');
  });

  it('loads the curated hour into every warehouse table, and loading it again leaves the same rows', async () => {
    const warehousePath = join(dir, 'warehouse.duckdb');
    const warehouse = duckDbWarehouse(warehousePath);
    const tables = Object.entries(WAREHOUSE_TABLES).map(([curated, table]) => ({ curated, table }));
    const load = () =>
      withLocalCopies(
        lake,
        tables.map((t) => curatedFileKey(t.curated, hourStartMs)),
        (paths) =>
          warehouse.loadHour(
            hourStartMs,
            tables.map((t, i) => ({ table: t.table, files: [paths[i] as string] })),
          ),
      );

    const first = await load();
    const second = await load();
    assert.deepEqual(second, first);
    assert.ok((first.RAW_TRANSACTIONS ?? 0) > 0 && (first.DAILY_SALES_SUMMARY ?? 0) > 0 && (first.PRODUCT_PERFORMANCE ?? 0) > 0);
    const [row] = await withDuckDb(warehousePath, async (db) =>
      (
        await db.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids, any_value(typeof(amount)) AS amount_type FROM RAW_TRANSACTIONS`,
        )
      ).getRowObjectsJS(),
    );
    assert.deepEqual(
      [Number(row?.n), Number(row?.ids), row?.amount_type],
      [first.RAW_TRANSACTIONS, first.RAW_TRANSACTIONS, 'DECIMAL(10,2)'],
    );

    assert.equal(await warehouse.purgeOlderThan(hourStartMs), 0, 'the hour itself is not older than its own start');
    const purged = await warehouse.purgeOlderThan(hourStartMs + HOUR_MS);
    assert.equal(
      purged,
      Object.values(first).reduce((a, b) => a + b, 0),
    );
  });

  it('gives a warehouse from before total_revenue and alert_date those columns on its next load (other drift is refused: test/faults/cloud-faults.test.ts)', async () => {
    const warehousePath = join(dir, 'older-warehouse.duckdb');
    await withLocalCopies(
      lake,
      [curatedFileKey('product_performance', hourStartMs), curatedFileKey('fraud_analysis', hourStartMs)],
      (paths) =>
        withDuckDb(warehousePath, async (db) => {
          await db.run(
            `CREATE TABLE PRODUCT_PERFORMANCE AS SELECT * EXCLUDE (total_revenue) FROM ${parquetRelation([paths[0] as string])} LIMIT 0`,
          );
          await db.run(
            `CREATE TABLE FRAUD_ANALYSIS AS SELECT * EXCLUDE (alert_date) FROM ${parquetRelation([paths[1] as string])} LIMIT 0`,
          );
        }),
    );
    const rows = await transformAndLoad(lake, transform, duckDbWarehouse(warehousePath), hourStartMs);
    assert.ok((rows.PRODUCT_PERFORMANCE ?? 0) > 0);
    const [row] = await withDuckDb(warehousePath, async (db) =>
      (
        await db.runAndReadAll(
          'SELECT count(total_revenue) AS n, (SELECT count(alert_date) FROM FRAUD_ANALYSIS) AS dates FROM PRODUCT_PERFORMANCE',
        )
      ).getRowObjectsJS(),
    );
    assert.deepEqual([Number(row?.n), Number(row?.dates)], [rows.PRODUCT_PERFORMANCE, rows.FRAUD_ANALYSIS]);
  });
});
