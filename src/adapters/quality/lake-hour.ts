import { join } from 'node:path';
import { DATASETS, type DatasetName } from '../../domain/lake/datasets';
import { HOUR_MS } from '../../domain/hour';
import type { CheckResult, Suite } from '../../domain/quality';
import { quoteIdent, sqlLiteral } from '../../domain/quality/sql-text';
import { withDuckDb } from '../duckdb/open';
import { withLocalCopies } from '../lake/local-copies';
import { hourFiles, type HourFiles } from '../lake/quarantine';
import type { LakeStore } from '../lake/store';
import { runSuiteInDuckDb } from './duckdb-runner';

/** A suite's run over one hour of the lake: the hour's files, and one result per check (none when there are no files). */
export interface LakeHourRun {
  readonly files: HourFiles;
  readonly results: readonly CheckResult[];
}

/** What a run over a lake hour needs besides the lake. */
export interface LakeHourSuiteRun {
  readonly suite: Suite;
  readonly hourStartMs: number;
  /** Row counts of the same hour on earlier days. */
  readonly volumeHistory: readonly number[];
}

/** The datasets a suite reads: its own first, then those its referential checks look keys up in. */
function datasetsRead(suite: Suite): DatasetName[] {
  const referenced = suite.checks.flatMap((c) => (c.type === 'referential' ? [c.references.dataset] : []));
  return [...new Set([suite.dataset, ...referenced])];
}

/** A Parquet file with a dataset's contract columns and no rows: a referenced dataset's hour that has no files. */
async function writeEmptyParquet(path: string, dataset: DatasetName): Promise<void> {
  const columns = DATASETS[dataset].columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`).join(', ');
  await withDuckDb(':memory:', (db) => db.run(`COPY (SELECT ${columns} WHERE false) TO ${sqlLiteral(path)} (FORMAT parquet)`));
}

/**
 * Runs a suite over one hour of the lake: the hour's files wherever they are (raw or quarantined), copied to a
 * temporary folder, with the hour of every dataset a referential check reads. Freshness is measured against the
 * end of the hour, so a rerun judges the same way.
 */
export async function runSuiteOnLakeHour(lake: LakeStore, run: LakeHourSuiteRun): Promise<LakeHourRun> {
  const datasets = datasetsRead(run.suite);
  const located = await Promise.all(datasets.map((d) => hourFiles(lake, d, run.hourStartMs)));
  const keys = located.map((f) => [...f.raw, ...f.quarantined]);
  const files = located[0] as HourFiles;
  if (keys[0]?.length === 0) return { files, results: [] };

  return withLocalCopies(lake, keys.flat(), async (paths, folder) => {
    const byDataset: Partial<Record<DatasetName, string[]>> = {};
    let next = 0;
    for (const [i, dataset] of datasets.entries()) {
      const count = keys[i]?.length ?? 0;
      let local = paths.slice(next, next + count);
      next += count;
      if (count === 0) {
        local = [join(folder, `empty-${dataset}.parquet`)];
        await writeEmptyParquet(local[0] as string, dataset);
      }
      byDataset[dataset] = local;
    }
    const results = await runSuiteInDuckDb({
      suite: run.suite,
      source: { kind: 'parquet', files: byDataset },
      referenceTimeMs: run.hourStartMs + HOUR_MS,
      volumeHistory: run.volumeHistory,
    });
    return { files, results };
  });
}
