import { writeJson } from '../adapters/lake/store';
import { etlReportKey, type EtlStatus, type LoadResult, type TransformResult } from '../domain/etl/contract';
import type { DataQualityResult } from '../domain/quality/gate';
import { parseHour } from '../domain/quality/gate';
import { failingFastOnMisconfiguration } from './etl-failures';
import type { EtlActivityDeps } from './index';

/** What a finished run reports: references and counts. */
export interface EtlReportInput {
  readonly hour: string;
  /** `<workflow id>/<run id>`. */
  readonly runId: string;
  /** When the run started (ISO): its runStartTime. */
  readonly startedAt: string;
  readonly steps: EtlStatus['finished'];
  readonly quality: readonly Pick<DataQualityResult, 'dataset' | 'outcome' | 'check'>[];
  readonly transform: TransformResult;
  readonly load: LoadResult;
}

/** The report step of the hourly ETL. */
export function createEtlReportActivities({ lake, warehouse }: Pick<EtlActivityDeps, 'lake' | 'warehouse'>) {
  return {
    /** Writes reports/etl/<hour>.json to the lake and the run's row to ETL_RUNS; resolves to the report's key. */
    async writeEtlReport(input: EtlReportInput): Promise<string> {
      const key = etlReportKey(input.hour);
      const finishedAtMs = Date.now();
      const quality = input.quality.map(({ dataset, outcome, check }) => ({
        dataset,
        outcome,
        rows: check.rows,
        failedChecks: check.failedChecks,
        warnedChecks: check.warnedChecks,
      }));
      await failingFastOnMisconfiguration(`lake ${lake.url}`, () =>
        writeJson(lake, key, {
          ...input,
          quality,
          finishedAt: new Date(finishedAtMs).toISOString(),
          durationMs: finishedAtMs - Date.parse(input.startedAt),
        }),
      );
      await warehouse.recordRun({
        runId: input.runId,
        hourStartMs: parseHour(input.hour),
        status: 'succeeded',
        startedAtMs: Date.parse(input.startedAt),
        finishedAtMs,
        reportKey: key,
        counts: { ...input.transform.counts, ...input.load.rows },
      });
      return key;
    },
  };
}
