// The contract of the `hourlyEtl` workflow: input, result, status and failure types, shared by the workflow, its
// activities and the CLI. Pure and free of zod, so the workflow bundle stays small.
import type { DatasetName } from '../lake/datasets';
import { HOUR_MS, hourStartOf } from '../hour';
import type { DataQualityResult } from '../quality/gate';

/** The id of the Temporal schedule that runs the ETL every hour. */
export const HOURLY_ETL_SCHEDULE_ID = 'hourly-etl';
/** How long the sensor waits for the lake to close an hour, unless the input says otherwise. */
export const DEFAULT_CLOSE_WAIT_MS = 2 * HOUR_MS;
/** The datasets gated before the transform; activity and alerts may be empty hours. */
export const GATED_DATASETS: readonly DatasetName[] = ['transactions', 'activity', 'alerts'];

/** ApplicationFailure types of the ETL: each names a permanent failure, never retried. */
export const ETL_FAILURES = {
  invalidInput: 'InvalidEtlInput',
  /** The lake's watermark did not pass the end of the hour before the deadline. */
  hourNotClosed: 'LakeHourNotClosed',
  /** A progress file of the lake cannot be read as one: the sensor cannot tell how far the lake got. */
  corruptProgress: 'LakeProgressCorrupt',
  /** Bad configuration or a missing bucket, job or file: retrying cannot help. */
  misconfigured: 'EtlMisconfigured',
  glueJobFailed: 'GlueJobFailed',
  /** The warehouse holds other row counts for the hour than the transform wrote. */
  loadMismatch: 'WarehouseLoadMismatch',
} as const;

/**
 * The id of the ETL run of one hour, whoever starts it (the schedule, `etl run`, `etl backfill`, the demo): one id per
 * hour, so a second start while the first runs joins it instead of running the hour twice.
 */
export function hourlyEtlWorkflowId(hour: string): string {
  return `${HOURLY_ETL_SCHEDULE_ID}-${hour}`;
}

/** The input of the schedule's action: the settings of each hour's run; the hour comes from the scheduled time. */
export type ScheduledHourlyEtlInput = Omit<HourlyEtlInput, 'hour'>;

/** What a schedule tick did: started the hour's run, or found one (running, or completed) and left it be. */
export interface ScheduledHourlyEtlResult {
  readonly hour: string;
  readonly workflowId: string;
  readonly outcome: 'started' | 'already started';
}

/** Minutes past each hour the schedule runs: time for the lake sink to flush the hour that just ended. */
export const SCHEDULE_OFFSET_MINUTES = 5;

/** The hour a scheduled run processes: the hour before the scheduled time (the 13:05 run loads 12:00–13:00). */
export function scheduledHourStartMs(scheduledTimeMs: number): number {
  return hourStartOf(scheduledTimeMs) - HOUR_MS;
}

/** What to run: an hour (backfills, `etl run`) or nothing (scheduled runs take the hour from the schedule). */
export interface HourlyEtlInput {
  /** `YYYY-MM-DDTHH`, UTC; default: the hour before the schedule's scheduled start time. */
  readonly hour?: string;
  /** How long the sensor waits for the lake to close the hour; default DEFAULT_CLOSE_WAIT_MS. */
  readonly closeWaitMs?: number;
  /** How long a data-quality gate waits for an override before the ETL fails; default the gate's own. */
  readonly overrideWaitMs?: number;
}

/** The steps of a run, in order. */
export const ETL_STEPS = ['health', 'sensor', 'quality', 'transform', 'load', 'report', 'retention'] as const;
/** One step of the run, as the status query shows it. */
export type EtlStep = (typeof ETL_STEPS)[number];

/** Where a run is and what each finished step counted. */
export interface EtlStatus {
  readonly hour: string;
  /** Where the hour came from: the input, the schedule's scheduled time, or (neither) the run's start time. */
  readonly hourFrom: 'input' | 'schedule' | 'start time';
  readonly step: EtlStep | 'done' | 'failed';
  readonly paused: boolean;
  /** The steps done, with what each counted. */
  readonly finished: Partial<Record<EtlStep, { readonly counts?: Readonly<Record<string, number>> }>>;
}

/** The transform's output: counts and lake keys, never rows. */
export interface TransformResult {
  readonly hour: string;
  /** Where it ran: DuckDB (GLUE_MODE=local), the Glue job (aws) or the job on local PySpark (spark). */
  readonly engine: 'duckdb' | 'glue' | 'spark';
  /** The columns of transform_counts: raw_transactions, invalid_transactions, duplicate_transactions, transactions, … */
  readonly counts: Readonly<Record<string, number>>;
  /** Curated table → the lake keys of its files for the hour. */
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  /** The Glue job run, in aws mode. */
  readonly glueRunId?: string;
  /** Time the transform took, measured by the activity (the workflow keeps no clock of its own). */
  readonly durationMs: number;
}

/** What the load left in the warehouse. */
export interface LoadResult {
  /** Rows each warehouse table holds for the hour after the load. */
  readonly rows: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** What retention removed. */
export interface RetentionResult {
  readonly lakeObjectsDeleted: number;
  readonly warehouseRowsDeleted: number;
}

/** A run's result: references and counts. */
export interface HourlyEtlResult {
  readonly hour: string;
  readonly quality: readonly Pick<DataQualityResult, 'dataset' | 'outcome'>[];
  readonly transform: TransformResult;
  readonly load: LoadResult;
  /** The lake keys of the run's reports. */
  readonly reportKeys: EtlReportKeys;
  readonly retention: RetentionResult;
}

/** The lake keys of an hour's reports: the JSON and the HTML page beside it. */
export interface EtlReportKeys {
  readonly json: string;
  readonly html: string;
}

/** The reports' lake keys: reports/etl/<hour>.json and .html. */
export function etlReportKeys(hour: string): EtlReportKeys {
  return { json: `reports/etl/${hour}.json`, html: `reports/etl/${hour}.html` };
}
