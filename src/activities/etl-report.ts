import { writeJson } from '../adapters/lake/store';
import { hourSales } from '../adapters/transform/hour-sales';
import { etlReportKeys, type EtlReportKeys, type EtlStatus, type LoadResult, type TransformResult } from '../domain/etl/contract';
import { comparedHours, type KpiComparison } from '../domain/etl/kpi-metrics';
import type { EtlReport } from '../domain/etl/report';
import { etlReportHtml } from '../domain/etl/report-html';
import type { DataQualityResult } from '../domain/quality/gate';
import { formatHour, parseHour } from '../domain/hour';
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
  /** The hour's KPIs and those it is compared with, as the warehouse holds them after the load. */
  async function kpiComparison(hourStartMs: number): Promise<KpiComparison> {
    const hours = comparedHours(hourStartMs);
    const found = await failingFastOnMisconfiguration(`warehouse ${warehouse.description}`, () => warehouse.hourKpis(hours));
    const of = (ms: number) => found.find((k) => k.hour === formatHour(ms)) ?? null;
    return { hour: of(hours[0]), previousHour: of(hours[1]), dayBefore: of(hours[2]) };
  }

  return {
    /**
     * Writes reports/etl/<hour>.json and the HTML page beside it to the lake, and the run's row to ETL_RUNS;
     * resolves to the reports' keys.
     */
    async writeEtlReport(input: EtlReportInput): Promise<EtlReportKeys> {
      const keys = etlReportKeys(input.hour);
      const hourStartMs = parseHour(input.hour);
      const finishedAtMs = Date.now();
      const report: EtlReport = {
        ...input,
        quality: input.quality.map(({ dataset, outcome, check }) => ({
          dataset,
          outcome,
          rows: check.rows,
          checks: { passed: check.summary.passed, warned: check.summary.warned, failed: check.summary.failed },
          failedChecks: check.failedChecks,
          warnedChecks: check.warnedChecks,
        })),
        finishedAt: new Date(finishedAtMs).toISOString(),
        durationMs: finishedAtMs - Date.parse(input.startedAt),
        sales: await failingFastOnMisconfiguration(`lake ${lake.url}`, () => hourSales(lake, hourStartMs)),
        kpis: await kpiComparison(hourStartMs),
      };
      await failingFastOnMisconfiguration(`lake ${lake.url}`, async () => {
        await writeJson(lake, keys.json, report);
        await lake.put(keys.html, etlReportHtml(report));
      });
      await warehouse.recordRun({
        runId: input.runId,
        hourStartMs,
        status: 'succeeded',
        startedAtMs: Date.parse(input.startedAt),
        finishedAtMs,
        reportKey: keys.json,
        counts: { ...input.transform.counts, ...input.load.rows },
      });
      return keys;
    },
  };
}
