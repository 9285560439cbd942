import type { HourKpis } from '../../domain/etl/kpi-metrics';

/** One table's part of an hour's load: the local Parquet files of its curated hour (none: the hour has no rows). */
export interface TableLoad {
  /** Warehouse table name, e.g. RAW_TRANSACTIONS. */
  readonly table: string;
  readonly files: readonly string[];
}

/** One row of ETL_RUNS: a finished run of the hourly ETL. */
export interface EtlRunRecord {
  /** `<workflow id>/<run id>`. */
  readonly runId: string;
  readonly hourStartMs: number;
  readonly status: 'succeeded' | 'failed';
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly reportKey: string;
  readonly counts: Readonly<Record<string, number>>;
}

/** The warehouse the ETL loads: a local DuckDB file or Snowflake. */
export interface Warehouse {
  /** Where it is, for messages (a path or an account). */
  readonly description: string;
  /**
   * Replaces the hour's rows of every table with the files' rows in one transaction, so loading an hour twice leaves
   * the same rows; resolves to the rows each table holds for the hour afterwards. When the signal aborts before the
   * commit, the load is interrupted and rolled back (the DuckDB warehouse; a Snowflake load runs to its commit or
   * rollback) and rejects with the signal's reason: the hour keeps the rows it had.
   */
  loadHour(hourStartMs: number, tables: readonly TableLoad[], signal?: AbortSignal): Promise<Record<string, number>>;
  /** The KPI_METRICS rows of these hours that the warehouse holds (none before the first load). */
  hourKpis(hourStartsMs: readonly number[]): Promise<HourKpis[]>;
  /** Records a run in ETL_RUNS, replacing an earlier record of the same run. */
  recordRun(run: EtlRunRecord): Promise<void>;
  /** The hours from one to another (inclusive) with a succeeded run in ETL_RUNS, in order: the run ledger. */
  loadedHours(fromHourStartMs: number, toHourStartMs: number): Promise<number[]>;
  /** The first hour with a succeeded run in ETL_RUNS, if any. */
  firstLoadedHour(): Promise<number | undefined>;
  /** Deletes the rows of hours before the cutoff from every loaded table and ETL_RUNS; resolves to the rows deleted. */
  purgeOlderThan(cutoffMs: number): Promise<number>;
  /** Rejects when the warehouse cannot be reached or written. */
  health(): Promise<void>;
  /** Lets go of its connections (a command that is done with it). */
  close(): Promise<void>;
}
