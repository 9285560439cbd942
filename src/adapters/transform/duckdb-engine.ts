import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, type DatasetName } from '../../domain/lake/datasets';
import { HOUR_MS } from '../../domain/hour';
import { curatedFileKey, renderStepSql } from '../../domain/etl/transform-plan';
import { parquetRelation, quoteIdent, sqlLiteral } from '../../domain/quality/sql-text';
import { interruptible } from '../duckdb/interruptible';
import { withDuckDb } from '../duckdb/open';
import { withLocalCopies } from '../lake/local-copies';
import { hourFiles } from '../lake/quarantine';
import type { LakeStore } from '../lake/store';
import type { TransformEngine } from './engine';
import type { TransformSql } from './sql-files';

/** The view of a raw dataset's hour: its files, or no rows with the dataset's columns when the hour has none. */
function rawViewSql(dataset: DatasetName, paths: readonly string[], view = `raw_${dataset}`): string {
  const rows =
    paths.length > 0
      ? `SELECT * FROM ${parquetRelation(paths)}`
      : `SELECT ${DATASETS[dataset].columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ')} WHERE false`;
  return `CREATE VIEW ${quoteIdent(view)} AS ${rows}`;
}

async function runSteps(
  db: DuckDBConnection,
  { plan, sqlByStep }: TransformSql,
  hourStartMs: number,
  folder: string,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  // The SQL's TIMESTAMP literals are UTC, as event times are.
  await db.run(`SET TimeZone = 'UTC'`);
  const written: string[] = [];
  for (const step of plan.steps) {
    signal?.throwIfAborted();
    // A written step is materialised: later steps read it several times (transactions) and COPY writes it. A step
    // that is not written stays a view that later steps fold into their own scans: materialising valid_transactions
    // copied every raw column once more, a third of the transform's time for an hour of a million rows.
    const kind = step.write ? 'TABLE' : 'VIEW';
    await db.run(`CREATE ${kind} ${quoteIdent(step.name)} AS ${renderStepSql(sqlByStep[step.name] ?? '', hourStartMs)}`);
    if (step.write) {
      signal?.throwIfAborted();
      const path = join(folder, `${step.name}.parquet`);
      // zstd's fastest level: on an hour of a million rows it wrote no larger a file than the default level, with
      // about an eighth less CPU (docs/BENCHMARKS.md).
      await db.run(`COPY ${quoteIdent(step.name)} TO ${sqlLiteral(path)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`);
      written.push(step.name);
    }
  }
  return written;
}

/**
 * The local stand-in of the Glue job: DuckDB runs the transform SQL over the hour's raw Parquet (copied to a temporary
 * folder) and writes each written step to curated/<table>/dt=/hour=/part-0.parquet, replacing an earlier run's file.
 * When the signal aborts, the query under way is interrupted and nothing more is written to the lake: the curated
 * files are put only once every step has run.
 */
export async function runDuckDbTransform(
  lake: LakeStore,
  transform: TransformSql,
  hourStartMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const views = [
    ...transform.plan.inputs.map((dataset) => ({ dataset, view: `raw_${dataset}`, hourMs: hourStartMs })),
    ...transform.plan.previousHourInputs.map((dataset) => ({ dataset, view: `raw_previous_${dataset}`, hourMs: hourStartMs - HOUR_MS })),
  ];
  // Only the raw zone: files a data-quality gate holds in quarantine are not transformed.
  const keys = await Promise.all(views.map(async (v) => (await hourFiles(lake, v.dataset, v.hourMs)).raw));
  await withLocalCopies(lake, keys.flat(), async (paths, folder) => {
    const tables = await withDuckDb(':memory:', (db) =>
      interruptible(db, signal, async () => {
        let next = 0;
        for (const [i, { dataset, view }] of views.entries()) {
          const count = keys[i]?.length ?? 0;
          await db.run(rawViewSql(dataset, paths.slice(next, next + count), view));
          next += count;
        }
        return runSteps(db, transform, hourStartMs, folder, signal);
      }),
    );
    signal?.throwIfAborted();
    for (const table of tables) await lake.putFile(curatedFileKey(table, hourStartMs), join(folder, `${table}.parquet`));
  });
}

/** The DuckDB engine (GLUE_MODE=local): the transform inside the worker; a cancellation interrupts the query under way. */
export function duckDbTransformEngine(lake: LakeStore): TransformEngine {
  return {
    name: 'duckdb',
    description: 'DuckDB',
    checkHealth: () => Promise.resolve([]),
    async transform({ transform, hourStartMs, signal }) {
      await runDuckDbTransform(lake, transform, hourStartMs, signal);
      return {};
    },
  };
}
