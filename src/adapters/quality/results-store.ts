import type { Config } from '../../config';
import type { DatasetName } from '../../domain/lake/datasets';
import type { CheckResult, Suite } from '../../domain/quality';
import { needsVolumeHistory, sameHourOnEarlierDays } from '../../domain/quality/history';
import type { SnowflakeSettings } from '../snowflake/connection-options';
import { createSnowflakePool } from '../snowflake/pool';
import { duckDbQualityResultsStore } from './duckdb-results-store';
import { snowflakeQualityResultsStore } from './snowflake-results-store';

/** The results of one gate run over one dataset's hour. */
export interface QualityRun {
  /** `<workflow id>/<run id>` of the gate, so a rerun of an hour is told apart from a retry. */
  readonly runId: string;
  readonly dataset: DatasetName;
  readonly hourStartMs: number;
  readonly checkedAtMs: number;
  readonly results: readonly CheckResult[];
}

/** A row of DQ_RESULTS: one check's result with the run it belongs to. */
export type StoredCheckResult = CheckResult & Pick<QualityRun, 'runId' | 'hourStartMs' | 'checkedAtMs'>;

/** A row of DQ_OVERRIDES: an operator released a quarantined hour despite its failed checks. */
export interface QualityOverride {
  readonly runId: string;
  readonly dataset: DatasetName;
  readonly hourStartMs: number;
  readonly reason: string;
  readonly by: string;
  readonly atMs: number;
}

/** The warehouse's DQ_RESULTS and DQ_OVERRIDES tables: a DuckDB file locally, or Snowflake, behind this one interface. */
export interface QualityResultsStore {
  /** Records a run's results, replacing any recorded under its run id, so a retried activity records them once. */
  recordRun(run: QualityRun): Promise<void>;
  /** Records an override, replacing any of the same run. */
  recordOverride(override: QualityOverride): Promise<void>;
  /** The row counts volume checks measured for some of a dataset's hours, the latest run of each, oldest hour first. */
  rowCounts(dataset: DatasetName, hourStartsMs: readonly number[]): Promise<number[]>;
  /** Every result recorded for an hour, all runs and datasets, in run and check order: what the hour's report shows. */
  resultsOfHour(hourStartMs: number): Promise<StoredCheckResult[]>;
  /** Every override recorded for an hour. */
  overridesOfHour(hourStartMs: number): Promise<QualityOverride[]>;
  /** Deletes the results and overrides of hours before cutoffMs (their samples are values of the data); returns the rows deleted. */
  purgeOlderThan(cutoffMs: number): Promise<number>;
  close(): Promise<void>;
}

/** The results store of the configured warehouse. Snowflake's has a pool of its own, which logs in only on first use. */
export function openQualityResultsStore(
  c: Pick<Config, 'warehouse' | 'warehouseDuckdbPath' | 'snowflakePoolMax'> & SnowflakeSettings,
): QualityResultsStore {
  return c.warehouse === 'snowflake'
    ? snowflakeQualityResultsStore(createSnowflakePool(c))
    : duckDbQualityResultsStore(c.warehouseDuckdbPath);
}

/** The row counts of the suite's hour of day on earlier days, or none when the suite has no volume check. */
export function volumeHistoryOf(store: QualityResultsStore, suite: Suite, hourStartMs: number): Promise<number[]> {
  return needsVolumeHistory(suite) ? store.rowCounts(suite.dataset, sameHourOnEarlierDays(hourStartMs)) : Promise.resolve([]);
}
