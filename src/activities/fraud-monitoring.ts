import { writeJson } from '../adapters/lake';
import type { Alert } from '../domain/events/schema';
import {
  BASELINE_MS,
  BaselineAccumulator,
  compareWithBaseline,
  escalationsOf,
  reportHtml,
  reportKeyOf,
  resultOf,
  summariseWindow,
  windowEndingAt,
  type MonitoringReport,
  type MonitoringResult,
} from '../domain/monitoring';
import { withHeartbeats } from './heartbeat';
import type { FraudActivityDeps } from './index';

/** What `summariseAlerts` returns: the report's counts and keys, and the incidents' acknowledgement timeout. */
export interface AlertsSummarised extends MonitoringResult {
  readonly ackTimeoutMs: number;
}

/** The activity of the `fraudMonitoring` workflow. */
export function createFraudMonitoringActivities({
  config,
  lake,
  kafka,
  fraudMonitoring,
}: Pick<FraudActivityDeps, 'config' | 'lake' | 'kafka' | 'fraudMonitoring'>) {
  return {
    /**
     * Summarises the window's alerts from fraud_alerts against the 24 hours before it, keeps the report (JSON and
     * HTML in the lake, a row of FRAUD_MONITORING) and returns its counts and the incidents it calls for.
     */
    async summariseAlerts({ windowEnd }: { windowEnd: string }): Promise<AlertsSummarised> {
      const { windowStart, windowEnd: end } = windowEndingAt(windowEnd);
      const startMs = Date.parse(windowStart);
      return withHeartbeats(async () => {
        const alerts: Alert[] = [];
        const window = await kafka.alerts({ fromMs: startMs, toMs: Date.parse(end) }, (a) => alerts.push(a));
        const accumulator = new BaselineAccumulator(startMs - BASELINE_MS);
        const baselineRead = await kafka.alerts(
          { fromMs: startMs - BASELINE_MS, toMs: startMs },
          (a) => accumulator.add(a),
          config.fraudBaselineMaxRecords,
        );
        const summary = summariseWindow(alerts);
        const baseline = accumulator.result(baselineRead.complete);
        const comparison = compareWithBaseline(summary, baseline, {
          sigmas: config.fraudSpikeSigmas,
          minAlerts: config.fraudSpikeMinAlerts,
        });
        const report: MonitoringReport = {
          windowStart,
          windowEnd: end,
          window: summary,
          baseline,
          comparison,
          escalations: escalationsOf(end, summary, comparison, {
            criticalAlerts: config.fraudCriticalAlertsLimit,
            userAlerts: config.fraudUserAlertsLimit,
          }),
          invalidRecords: window.invalid + baselineRead.invalid,
          generatedAt: new Date().toISOString(),
        };
        const key = reportKeyOf(end);
        await writeJson(lake, `${key}.json`, report);
        await lake.put(`${key}.html`, reportHtml(report));
        await fraudMonitoring.record(report, `${key}.json`);
        return { ...resultOf(report), ackTimeoutMs: config.fraudAckTimeoutMs };
      });
    },
  };
}
