// The hourly ETL's report of one hour: what reports/etl/<hour>.json holds and its HTML page shows.
import type { SuiteSummary } from '../quality/evaluate';
import type { GateOutcome } from '../quality/gate';
import type { EtlStatus, LoadResult, TransformResult } from './contract';
import type { KpiComparison } from './kpi-metrics';

/** Countries the report lists: those with most revenue. */
export const TOP_COUNTRIES = 10;

/** Revenue and orders of one value of a dimension (a category, a country) in the hour; completed purchases only. */
export interface SalesOf {
  readonly name: string;
  /** In the transactions' currency (USD). */
  readonly revenue: number;
  readonly orders: number;
}

/** What the hour sold and flagged, read from its curated aggregates: short lists, never rows. */
export interface HourSales {
  /** Every category, most revenue first. */
  readonly byCategory: readonly SalesOf[];
  /** The TOP_COUNTRIES countries with most revenue, most first. */
  readonly byCountry: readonly SalesOf[];
  /** The hour's fraud alerts (one per alert id) by severity. */
  readonly alertsBySeverity: Readonly<Record<string, number>>;
  /** The hour's windows (ANALYTICS_RESULTS), in time order; absent in older reports. */
  readonly windows?: readonly WindowFigures[];
}

/** A window's revenue and conversion, as the report draws them. */
export interface WindowFigures {
  /** ISO time of the window's start. */
  readonly start: string;
  readonly revenue: number;
  readonly conversionRate: number;
}

/** One data-quality gate of the run, as the report records it. */
export interface ReportedGate {
  readonly dataset: string;
  readonly outcome: GateOutcome;
  /** Rows the suite counted; null for an empty hour. */
  readonly rows: number | null;
  /** Checks passed, warned and failed. */
  readonly checks: Pick<SuiteSummary, 'passed' | 'warned' | 'failed'>;
  readonly failedChecks: readonly string[];
  readonly warnedChecks: readonly string[];
}

/** The report of a run that loaded its hour: references, counts and the short lists of HourSales. */
export interface EtlReport {
  readonly hour: string;
  /** `<workflow id>/<run id>`. */
  readonly runId: string;
  /** ISO times of the run's start and of the report. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** The steps done before the report, with what each counted. */
  readonly steps: EtlStatus['finished'];
  readonly quality: readonly ReportedGate[];
  readonly transform: TransformResult;
  readonly load: LoadResult;
  readonly sales: HourSales;
  /** The hour's KPI_METRICS beside the previous hour's and the same hour's a day before; absent in older reports. */
  readonly kpis?: KpiComparison;
}
