import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { createKafka } from '../../src/adapters/kafka/client';
import { readJson } from '../../src/adapters/lake';
import type { Alert, Severity } from '../../src/domain/events/schema';
import { MONITORING_WINDOW_MS, windowEndAtOrBefore, type MonitoringReport } from '../../src/domain/monitoring';
import { resolveSignal } from '../../src/workflows/fraud-incident';
import { fraudMonitoring } from '../../src/workflows/fraud-monitoring';
import { testConfig, uniqueName } from '../support/config';
import { keepHistory } from '../support/histories';
import { freshTopics } from '../support/kafka';
import { startTestWorker, type TestWorker } from '../support/worker';
import { alertAt } from '../unit/domain/monitoring/alerts';

const HOUR_MS = 3_600_000;
/** An alert detected at a time, 250 ms after its event, scored for its severity. */
function alert(detectedMs: number, overrides: Partial<Alert> & { severity: Severity }): Alert {
  return alertAt(detectedMs, {
    latencyMs: 250,
    score: overrides.severity === 'CRITICAL' ? 0.9 : 0.5,
    reasons: ['amount 2500.00 > 2000.00'],
    ...overrides,
  });
}

describe('fraudMonitoring workflow on the dev server', () => {
  const kafka = createKafka(testConfig());
  let harness: TestWorker;
  let windowEndMs: number;
  // A user's incident key names the day: a user of its own keeps reruns on one day apart.
  const busyUser = uniqueName('u-busy');

  before(async () => {
    const [alertsTopic, incidentsTopic] = await freshTopics(kafka, ['fraud-alerts', 'fraud-incidents']);
    harness = await startTestWorker({ KAFKA_TOPIC_FRAUD: alertsTopic as string, KAFKA_TOPIC_INCIDENTS: incidentsTopic as string });
    // Incident keys name the window, and a key is one incident for good: pick a window no earlier run used.
    for (;;) {
      windowEndMs = windowEndAtOrBefore(Date.now()) - Math.floor(Math.random() * 400) * MONITORING_WINDOW_MS;
      const taken = await harness.client.workflow
        .getHandle(`critical-burst:${new Date(windowEndMs).toISOString()}`)
        .describe()
        .then(
          () => true,
          (err: unknown) => !(err instanceof WorkflowNotFoundError),
        );
      if (!taken) break;
    }
    const startMs = windowEndMs - MONITORING_WINDOW_MS;
    const inWindow = (i: number): number => startMs + 1000 + i * 1000;
    const alerts = [
      // The baseline: quiet, one rule combination.
      ...[3, 5, 9].map((h) => alert(startMs - h * HOUR_MS, { severity: 'MEDIUM' })),
      // The window: 12 CRITICAL (more than 10) with a combination the baseline never saw, and one user with 5 alerts.
      ...Array.from({ length: 12 }, (_, i) => alert(inWindow(i), { severity: 'CRITICAL', rules: ['velocity', 'high_amount'] })),
      ...Array.from({ length: 5 }, (_, i) => alert(inWindow(20 + i), { severity: 'HIGH', user_id: busyUser, score: 0.7 })),
      // Detected after the window: not counted.
      alert(windowEndMs + 1000, { severity: 'CRITICAL' }),
    ];
    const producer = kafka.producer();
    await producer.connect();
    // Record time = detection time, as the live consumer's produce would make it.
    await producer.send({
      topic: alertsTopic as string,
      messages: alerts.map((a) => ({ key: a.user_id, value: JSON.stringify(a), timestamp: String(Date.parse(a.detected_at)) })),
    });
    await producer.disconnect();
  });

  after(async () => {
    await harness?.stop();
  });

  it('summarises the window, keeps the report and opens each incident once, however often it runs', async () => {
    const windowEnd = new Date(windowEndMs).toISOString();
    const start = () =>
      harness.client.workflow.start(fraudMonitoring, {
        taskQueue: harness.taskQueue,
        workflowId: uniqueName('fraud-monitoring'),
        args: [{ windowEnd, ackTimeoutMs: 3_600_000 }],
      });
    const firstRun = await start();
    const first = await firstRun.result();
    const secondRun = await start();
    const second = await secondRun.result();
    await keepHistory(firstRun, 'fraudMonitoring-opened-incidents');
    await keepHistory(secondRun, 'fraudMonitoring-incidents-existed');

    const expectedKeys = [`critical-burst:${windowEnd}`, `user:${busyUser}:${windowEnd.slice(0, 10)}`];
    assert.deepEqual([first.alerts, first.criticalAlerts, first.spike, first.newPatterns], [17, 12, false, ['high_amount+velocity']]);
    assert.deepEqual(first.incidentsOpened, expectedKeys);
    assert.deepEqual([second.incidentsOpened, second.incidentsExisting], [[], expectedKeys]);

    const report = (await readJson(harness.lake, first.reportKeys.json)) as MonitoringReport;
    assert.deepEqual(
      [report.baseline.alerts, report.baseline.complete, report.window.topUsers[0]],
      [3, true, { userId: busyUser, alerts: 5, maxScore: 0.7 }],
    );
    assert.deepEqual(report.window.detectionLatencyMs, { p50: 250, p95: 250, max: 250 });
    const html = (await harness.lake.get(first.reportKeys.html))?.toString('utf8') ?? '';
    assert.match(html, /critical-burst:/);
    const rows = await withDuckDb(harness.config.warehouseDuckdbPath, async (db) =>
      (await db.runAndReadAll('SELECT alerts, critical_alerts, incident_keys FROM FRAUD_MONITORING')).getRowObjectsJS(),
    );
    assert.deepEqual(rows, [{ alerts: 17n, critical_alerts: 12n, incident_keys: JSON.stringify(expectedKeys) }]);

    for (const key of expectedKeys) await harness.client.workflow.getHandle(key).signal(resolveSignal, { by: 'test', note: 'test over' });
  });
});
