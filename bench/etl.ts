import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEtlLoadActivities } from '../src/activities/etl-load';
import { createEtlTransformActivities, type TransformRequest } from '../src/activities/etl-transform';
import { withDuckDb } from '../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../src/adapters/lake';
import { withLocalCopies } from '../src/adapters/lake/local-copies';
import { curatedFiles } from '../src/adapters/transform/curated-hour';
import { duckDbTransformEngine } from '../src/adapters/transform/duckdb-engine';
import { duckDbWarehouse } from '../src/adapters/warehouse/duckdb-warehouse';
import type { LoadResult, TransformResult } from '../src/domain/etl/contract';
import { WAREHOUSE_TABLES } from '../src/domain/etl/warehouse-tables';
import { formatHour } from '../src/domain/hour';
import { parquetRelation } from '../src/domain/quality/sql-text';
import { writeLakeHour } from './etl-hour';
import { median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Raw transactions in the benchmark's hour: the bar is for an hour holding a million. */
const RAW_TRANSACTIONS = 1_000_000;
/** Seconds the transform and load of that hour may take together on a quiet machine (issue 21; issue 6 asked 20). */
const BAR_SECONDS = 5;

/** The hourly ETL's transform and load activities over a lake of local files, loading the DuckDB warehouse `warehousePath`. */
export function localEtl(lake: LakeStore, warehousePath: string) {
  const { transformHour } = createEtlTransformActivities({ lake, transformEngine: duckDbTransformEngine(lake) });
  const { loadHour } = createEtlLoadActivities({ lake, warehouse: duckDbWarehouse(warehousePath) });
  const hour = formatHour(BENCH_START_MS);
  // The activities themselves, heartbeats and all, as the worker runs them; only Temporal is left out.
  return {
    transform: () =>
      new MockActivityEnvironment().run<[TransformRequest], TransformResult, typeof transformHour>(transformHour, {
        hour,
        etlRunId: 'bench/etl',
      }),
    load: () => new MockActivityEnvironment().run<[{ hour: string }], LoadResult, typeof loadHour>(loadHour, { hour }),
  };
}

/** A temporary folder with a file:// lake in it, removed after `use`. */
export async function withTempLake<T>(use: (lake: LakeStore, lakeUrl: string, folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'streamify-bench-etl-'));
  try {
    const lakeUrl = `file://${join(folder, 'lake')}`;
    return await use(localLakeStore(lakeUrl), lakeUrl, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * DuckDB's own limit for the load step: `INSERT … BY NAME SELECT * FROM read_parquet(…)` of the same curated files into
 * the same tables of a warehouse the load made, in one transaction, each run after emptying the tables off the clock.
 * The files are copied out of the lake once, off the clock: only DuckDB's work is timed, so the load step's copies,
 * the hour's DELETE and its checks are what the ratio load ÷ limit shows.
 */
async function loadLimitSeconds(lake: LakeStore, warehousePath: string, runs: number): Promise<number[]> {
  const curated = Object.keys(WAREHOUSE_TABLES);
  const keys = await Promise.all(curated.map((t) => curatedFiles(lake, t, BENCH_START_MS)));
  return withLocalCopies(lake, keys.flat(), (paths) =>
    withDuckDb(warehousePath, async (db) => {
      let next = 0;
      const tables = curated.map((t, i) => {
        const count = keys[i]?.length ?? 0;
        next += count;
        return { table: WAREHOUSE_TABLES[t] as string, files: paths.slice(next - count, next) };
      });
      const seconds: number[] = [];
      for (let run = 0; run < runs; run++) {
        for (const { table } of tables) await db.run(`DELETE FROM ${table}`);
        const startMs = performance.now();
        await db.run('BEGIN TRANSACTION');
        for (const { table, files } of tables)
          if (files.length > 0) await db.run(`INSERT INTO ${table} BY NAME SELECT * FROM ${parquetRelation(files)}`);
        await db.run('COMMIT');
        seconds.push((performance.now() - startMs) / 1000);
      }
      return seconds;
    }),
  );
}

/**
 * The hourly ETL's transform (DuckDB over the raw Parquet) and load (into a DuckDB warehouse file) of an hour holding a
 * million raw transactions; filling the lake is off the clock. Each run loads a fresh warehouse file.
 */
export const etlBenchmark: Benchmark = {
  name: 'etl',
  async run({ runs }) {
    return withTempLake(async (lake, lakeUrl, folder) => {
      const hour = await writeLakeHour(lake, BENCH_START_MS, RAW_TRANSACTIONS);
      const transformSeconds: number[] = [];
      const loadSeconds: number[] = [];
      let loaded = 0;
      // At most 3 runs: one takes several seconds and the machine's load, not the JIT, makes them differ.
      for (let run = 0; run < Math.min(runs, 3); run++) {
        const etl = localEtl(lake, join(folder, `warehouse-${run}.duckdb`));
        const startMs = performance.now();
        await etl.transform();
        const transformedMs = performance.now();
        const { rows } = await etl.load();
        transformSeconds.push((transformedMs - startMs) / 1000);
        loadSeconds.push((performance.now() - transformedMs) / 1000);
        loaded = rows.RAW_TRANSACTIONS ?? 0;
      }
      const limitSeconds = await loadLimitSeconds(lake, join(folder, 'warehouse-0.duckdb'), transformSeconds.length);
      if (loaded !== hour.transactions) throw new Error(`the load kept ${loaded} of ${hour.transactions} transactions`);
      const totals = transformSeconds.map((t, i) => t + (loadSeconds[i] as number));
      return {
        name: 'etl',
        title: 'Hourly ETL, transform + load (DuckDB)',
        eventsPerSecond: hour.transactions / median(totals),
        runs: totals.map((t) => hour.transactions / t),
        barEventsPerSecond: RAW_TRANSACTIONS / BAR_SECONDS,
        batch: {
          rows: hour.transactions,
          barSeconds: BAR_SECONDS,
          stepSeconds: {
            transform: median(transformSeconds),
            load: median(loadSeconds),
            total: median(totals),
            limit: median(limitSeconds),
          },
        },
        note: `${hour.transactions.toLocaleString('en')} raw transactions and ${hour.alerts.toLocaleString('en')} alerts in ${hour.files} lake files; a fresh warehouse file each run; limit = DuckDB's INSERT … SELECT of the same curated files into the same tables`,
      };
    });
  },
};
