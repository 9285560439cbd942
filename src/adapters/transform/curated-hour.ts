import { COUNTS_TABLE, curatedHourPrefix, type TransformPlan } from '../../domain/etl/transform-plan';
import { parquetRelation } from '../../domain/quality/sql-text';
import { withDuckDb } from '../duckdb/open';
import { withLocalCopies } from '../lake/local-copies';
import type { LakeStore } from '../lake/store';

/** A transformed hour as the lake holds it: the Parquet keys of each curated table and the transform's counts. */
export interface CuratedHour {
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  readonly counts: Readonly<Record<string, number>>;
}

/** The Parquet files of a curated table's hour: the local engine's part-0, or the part files of a Spark job. */
export async function curatedFiles(lake: LakeStore, table: string, hourStartMs: number): Promise<string[]> {
  const objects = await lake.list(`${curatedHourPrefix(table, hourStartMs)}/`);
  return objects.map((o) => o.key).filter((k) => k.endsWith('.parquet'));
}

/**
 * Reads back what a transform of the hour wrote, whichever engine ran it: the same description for DuckDB and Glue.
 * A transform that wrote no counts did not finish, which is an error.
 */
export async function describeCuratedHour(lake: LakeStore, plan: TransformPlan, hourStartMs: number): Promise<CuratedHour> {
  const written = plan.steps.filter((s) => s.write).map((s) => s.name);
  const keys = await Promise.all(written.map((t) => curatedFiles(lake, t, hourStartMs)));
  const outputs = Object.fromEntries(written.map((t, i) => [t, keys[i] ?? []]));
  const countKeys = outputs[COUNTS_TABLE] ?? [];
  if (countKeys.length === 0) throw new Error(`the transform wrote no ${COUNTS_TABLE} for ${curatedHourPrefix(COUNTS_TABLE, hourStartMs)}`);
  const row = await withLocalCopies(lake, countKeys, (paths) =>
    withDuckDb(':memory:', async (db) => (await db.runAndReadAll(`SELECT * FROM ${parquetRelation(paths)}`)).getRowObjectsJS()[0]),
  );
  const counts = Object.fromEntries(
    Object.entries(row ?? {})
      .filter(([, v]) => typeof v === 'bigint' || typeof v === 'number')
      .map(([k, v]) => [k, Number(v)]),
  );
  return { outputs, counts };
}
