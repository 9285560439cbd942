import { quarantineHour, releaseHour } from '../adapters/lake/quarantine';
import { runSuiteOnLakeHour, type LakeHourRun } from '../adapters/quality/lake-hour';
import { volumeHistoryOf } from '../adapters/quality/results-store';
import type { DatasetName } from '../domain/lake/datasets';
import { RAW_SUITES, summarizeResults } from '../domain/quality';
import { type AcceptedOverride, type HourCheck } from '../domain/quality/gate';
import { parseHour } from '../domain/hour';
import { withHeartbeats } from './heartbeat';
import type { ActivityDeps } from './index';

/** One gate run over one dataset's hour. */
export interface GateRun {
  readonly dataset: DatasetName;
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** `<workflow id>/<run id>` of the gate. */
  readonly runId: string;
}

/** Counts and check names of a run: what a workflow may carry, never rows. */
function hourCheckOf({ files, results }: LakeHourRun): HourCheck {
  // Row and volume checks count the rows; one that could not run (failed, nothing observed) counted nothing.
  const counted = results.find(
    (r) => (r.type === 'row_count' || r.type === 'volume_anomaly') && (r.status === 'pass' || r.observed !== null),
  );
  return {
    files: files.raw.length + files.quarantined.length,
    quarantinedFiles: files.quarantined.length,
    rows: counted?.total_rows ?? null,
    summary: summarizeResults(results),
    failedChecks: results.filter((r) => r.status === 'fail').map((r) => r.check),
    warnedChecks: results.filter((r) => r.status === 'warn').map((r) => r.check),
  };
}

/** The activities of the `dataQuality` gate over the raw zone of the lake. */
export function createDataQualityActivities({ lake, qualityResults }: Pick<ActivityDeps, 'lake' | 'qualityResults'>) {
  return {
    /** Runs the dataset's raw suite over the hour (raw and quarantined files) and records the results in DQ_RESULTS. */
    async checkLakeHour({ dataset, hour, runId }: GateRun): Promise<HourCheck> {
      const hourStartMs = parseHour(hour);
      const suite = RAW_SUITES[dataset];
      return withHeartbeats(async () => {
        const volumeHistory = await volumeHistoryOf(qualityResults, suite, hourStartMs);
        const run = await runSuiteOnLakeHour(lake, { suite, hourStartMs, volumeHistory });
        if (run.results.length > 0) {
          await qualityResults.recordRun({ runId, dataset, hourStartMs, checkedAtMs: Date.now(), results: run.results });
        }
        return hourCheckOf(run);
      });
    },

    /** Moves the hour's files to quarantine beside a marker naming the failed checks; returns the files in quarantine. */
    async quarantineLakeHour({ dataset, hour, runId, failedChecks }: GateRun & { failedChecks: readonly string[] }): Promise<number> {
      const reason = `error-level checks failed: ${failedChecks.join(', ')}`;
      return withHeartbeats(() => quarantineHour(lake, parseHour(hour), { dataset, hour, runId, reason, failedChecks }));
    },

    /** Moves the hour's quarantined files back to the raw zone; returns how many. */
    async releaseLakeHour({ dataset, hour }: Omit<GateRun, 'runId'>): Promise<number> {
      return withHeartbeats(() => releaseHour(lake, dataset, parseHour(hour)));
    },

    /** Records an operator's override in DQ_OVERRIDES. */
    async recordQualityOverride({ dataset, hour, runId, override }: GateRun & { override: AcceptedOverride }): Promise<void> {
      await qualityResults.recordOverride({
        runId,
        dataset,
        hourStartMs: parseHour(hour),
        reason: override.reason,
        by: override.by,
        atMs: Date.parse(override.at),
      });
    },
  };
}
