import type { DuckDBConnection, JS } from '@duckdb/node-api';
import type { DatasetName } from '../../domain/lake/datasets';
import {
  compileCheck,
  evaluateCheck,
  parquetRelation,
  tableRelation,
  type CheckResult,
  type CompiledCheck,
  type Measurement,
  type Relation,
  type Relations,
  type Suite,
} from '../../domain/quality';
import { sqlLiteral } from '../../domain/quality/sql-text';
import { withDuckDb } from '../duckdb/open';

/** Where each dataset's rows are: Parquet files (a lake hour), or tables of a DuckDB database file (the local warehouse). */
export type DuckDbSource =
  | { readonly kind: 'parquet'; readonly files: Readonly<Partial<Record<DatasetName, readonly string[]>>> }
  | { readonly kind: 'database'; readonly path: string; readonly tables: Readonly<Partial<Record<DatasetName, string>>> };

/** One run of a suite: where the rows are, and what the run knows besides them. */
export interface SuiteRun {
  readonly suite: Suite;
  /** The suite's dataset, and every dataset its referential checks reference. */
  readonly source: DuckDbSource;
  /** The time freshness is measured against: the end of the logical hour, not the wall clock. */
  readonly referenceTimeMs: number;
  /** Row counts of the same hour of day on earlier days; too few and volume checks are skipped. */
  readonly volumeHistory?: readonly number[];
}

// DuckDB's messages for data that does not fit a query: a missing or retyped column, a value a cast or a
// pattern rejects. Those make a failed check; anything else (I/O, memory, a missing table) throws, so the
// activity retries or the caller learns its source is wrong.
const DATA_ERRORS = /^(Binder|Conversion|Invalid Input) Error/;

const ATTACHED = 'quality_source';

/** Runs a suite in an in-memory DuckDB, one query per check, and returns one result per check in suite order. */
export async function runSuiteInDuckDb(run: SuiteRun): Promise<CheckResult[]> {
  const context = { referenceTimeMs: run.referenceTimeMs, volumeHistory: run.volumeHistory ?? [] };
  return withDuckDb(':memory:', async (db) => {
    const relations = await relationsOf(db, run.source);
    const results: CheckResult[] = [];
    for (const check of run.suite.checks) {
      const measurement = await measure(db, compileCheck(check, run.suite.dataset, relations));
      results.push(evaluateCheck(check, run.suite.dataset, measurement, context));
    }
    return results;
  });
}

async function relationsOf(db: DuckDBConnection, source: DuckDbSource): Promise<Relations> {
  if (source.kind === 'parquet') return mapRelations(source.files, parquetRelation);
  // Read-only: checks never take the write lock the loader needs, and cannot change what they check.
  await db.run(`ATTACH ${sqlLiteral(source.path)} AS ${ATTACHED} (READ_ONLY)`);
  await db.run(`USE ${ATTACHED}`);
  return mapRelations(source.tables, tableRelation);
}

function mapRelations<T>(sources: Readonly<Partial<Record<DatasetName, T>>>, toRelation: (source: T) => Relation): Relations {
  const relations: Partial<Record<DatasetName, Relation>> = {};
  for (const dataset of Object.keys(sources) as DatasetName[]) {
    const source = sources[dataset];
    if (source !== undefined) relations[dataset] = toRelation(source);
  }
  return relations;
}

async function measure(db: DuckDBConnection, query: CompiledCheck): Promise<Measurement> {
  let rows: Record<string, JS>[];
  try {
    rows = (await db.runAndReadAll(query.sql)).getRowObjectsJS();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!DATA_ERRORS.test(message)) throw err;
    return { kind: 'unrunnable', reason: message.split('\n')[0] ?? message };
  }
  if (query.kind === 'describe') {
    return { kind: 'columns', columns: rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })) };
  }
  const row = rows[0];
  if (row === undefined) throw new Error(`a check query returned no row: ${query.sql}`);
  const samples = Array.isArray(row.samples) ? row.samples.map(String) : [];
  return {
    kind: 'counts',
    totalRows: Number(row.total_rows),
    failingRows: Number(row.failing_rows),
    samples,
    newestMs: row.newest_ms === null ? null : Number(row.newest_ms),
  };
}
