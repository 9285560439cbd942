import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ndjsonText, openParquetWriter } from '../../src/adapters/duckdb/parquet-writer';
import { writeProgress, type LakeStore } from '../../src/adapters/lake';
import { withLocalCopies } from '../../src/adapters/lake/local-copies';
import { runDuckDbTransform } from '../../src/adapters/transform/duckdb-engine';
import type { TransformSql } from '../../src/adapters/transform/sql-files';
import type { Warehouse } from '../../src/adapters/warehouse/warehouse';
import { curatedFileKey } from '../../src/domain/etl/transform-plan';
import { WAREHOUSE_TABLES } from '../../src/domain/etl/warehouse-tables';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, usersToSustain } from '../../src/domain/generator';
import { DATASETS, HOUR_MS, pseudonymsOf, lakeFileKey, type DatasetName, type LakeRow } from '../../src/domain/lake';
import { transactionRecord } from '../../src/domain/lake/rows';

/**
 * The purchases of one hour from the seeded generator, as `transactions` rows in event-time order: a few hundred at
 * the default rate (events per second), about ten times the rate in thousands above it.
 */
export function purchaseRows(hourStartMs: number, ratePerSecond = 0.5): LakeRow[] {
  const generator = new EventGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    startMs: hourStartMs,
    ratePerSecond,
    users: Math.max(200, usersToSustain(ratePerSecond)),
    productsPerCategory: 5,
  });
  const pseudonyms = pseudonymsOf('test');
  const rows: LakeRow[] = [];
  for (let e = generator.next(); e.timeMs < hourStartMs + HOUR_MS; e = generator.next()) {
    if (e.kind === 'purchase')
      rows.push(transactionRecord(e.event, { topic: 'sales_stream', partition: 0, offset: rows.length }, pseudonyms).row);
  }
  return rows;
}

/** Writes a dataset's rows of an hour into the lake as Parquet files keyed the way the lake sink keys them; returns the keys. */
export async function writeLakeHour(
  lake: LakeStore,
  dataset: DatasetName,
  hourStartMs: number,
  rows: readonly LakeRow[],
  files = 2,
): Promise<string[]> {
  const writer = await openParquetWriter();
  try {
    const keys: string[] = [];
    const size = Math.ceil(rows.length / files);
    for (let partition = 0; partition < files; partition++) {
      const part = rows.slice(partition * size, (partition + 1) * size);
      const range = { topic: dataset, partition, firstOffset: partition * size, lastOffset: partition * size + part.length - 1 };
      const key = lakeFileKey(dataset, hourStartMs, range);
      await writer.withParquetFile(ndjsonText(part), DATASETS[dataset].columns, (path) => lake.putFile(key, path));
      keys.push(key);
    }
    return keys;
  } finally {
    await writer.close();
  }
}

/** Writes an hour of purchases as the lake sink would, and its progress past the hour's end: the ETL finds the hour closed. */
export async function writeClosedLakeHour(lake: LakeStore, hourStartMs: number, rows: readonly LakeRow[], files = 2): Promise<void> {
  await writeLakeHour(lake, 'transactions', hourStartMs, rows, files);
  await closeLakeHour(lake, hourStartMs, rows.length);
}

/** Writes the lake sink's progress past the hour's end (and so past every hour before it): the ETL finds them closed. */
export async function closeLakeHour(lake: LakeStore, hourStartMs: number, committedOffset = 0): Promise<void> {
  await writeProgress(lake, 'transactions', {
    topic: 'sales_stream',
    partition: 0,
    maxEventTime: new Date(hourStartMs + HOUR_MS + 60_000).toISOString(),
    committedOffset,
    updatedAt: new Date().toISOString(),
    pending: null,
  });
}

/** Transforms an hour of the lake with the DuckDB engine and loads its curated tables into a warehouse, as the ETL does. */
export async function transformAndLoad(
  lake: LakeStore,
  transform: TransformSql,
  warehouse: Warehouse,
  hourStartMs: number,
): Promise<Record<string, number>> {
  await runDuckDbTransform(lake, transform, hourStartMs);
  const tables = Object.entries(WAREHOUSE_TABLES);
  return withLocalCopies(
    lake,
    tables.map(([curated]) => curatedFileKey(curated, hourStartMs)),
    (paths) =>
      warehouse.loadHour(
        hourStartMs,
        tables.map(([, table], i) => ({ table, files: [paths[i] as string] })),
      ),
  );
}

/** The original system's README's three sample queries, word for word (test/integration/fixtures), one statement each. */
export const ORIGINAL_SAMPLE_QUERIES: readonly string[] = readFileSync(
  join(__dirname, '../integration/fixtures/original-sample-queries.sql'),
  'utf8',
)
  .split(';')
  .map((s) => s.trim())
  .filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
