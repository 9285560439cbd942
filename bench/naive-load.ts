import { join } from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { withDuckDb } from '../src/adapters/duckdb/open';
import { withLocalCopies } from '../src/adapters/lake/local-copies';
import { curatedFiles } from '../src/adapters/transform/curated-hour';
import { parquetRelation } from '../src/domain/quality/sql-text';
import { localEtl, withTempLake } from './etl';
import { writeLakeHour } from './etl-hour';
import { measureRates, median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Transactions inserted per measured run: one takes milliseconds (a commit each), so a sample tells the rate. */
const SAMPLE_ROWS = 2_000;
const TITLE = 'Naive load (one awaited INSERT per row)';

/**
 * What the hourly DAG Streamify replaces did: one awaited INSERT per row. The rows are the curated transactions that
 * the ETL benchmark loads (the first SAMPLE_ROWS purchases of the same stream, through the same transform), inserted
 * into the RAW_TRANSACTIONS table of a warehouse file that the real load created.
 */
export const naiveLoadBenchmark: Benchmark = {
  name: 'naive-load',
  async run({ runs }) {
    return withTempLake(async (lake, lakeUrl, folder) => {
      await writeLakeHour(lake, BENCH_START_MS, SAMPLE_ROWS);
      const warehousePath = join(folder, 'warehouse.duckdb');
      const etl = localEtl(lake, warehousePath);
      await etl.transform();
      await etl.load();
      const keys = await curatedFiles(lake, 'transactions', BENCH_START_MS);
      const rows = await withLocalCopies(lake, keys, (paths) =>
        withDuckDb(':memory:', async (db) => (await db.runAndReadAll(`SELECT * FROM ${parquetRelation(paths)}`)).getRows()),
      );
      const insert = `INSERT INTO RAW_TRANSACTIONS VALUES (${(rows[0] ?? []).map((_, i) => `$${i + 1}`).join(', ')})`;
      const rates = await withDuckDb(warehousePath, (db) =>
        measureRates({
          warmUps: 1,
          runs: Math.min(runs, 3),
          once: async () => {
            await db.run('DELETE FROM RAW_TRANSACTIONS');
            for (const row of rows) await db.run(insert, row as DuckDBValue[]);
            return rows.length;
          },
        }),
      );
      const rate = median(rates);
      return {
        name: 'naive-load',
        title: TITLE,
        unit: 'rows',
        eventsPerSecond: rate,
        runs: rates,
        note: `${rows.length.toLocaleString('en')} curated transactions a run into RAW_TRANSACTIONS, autocommit; per million rows extrapolated from the sample`,
      };
    });
  },
};
