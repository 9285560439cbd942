import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '../../src/adapters/kafka/client';
import { applyFraudMonitoringSchedule } from '../../src/temporal/fraud-monitoring-schedule';
import { windowEndAtOrBefore } from '../../src/domain/monitoring';
import type { fraudMonitoring } from '../../src/workflows/fraud-monitoring';
import { testConfig, uniqueName } from '../support/config';
import { freshTopics } from '../support/kafka';
import { startTestWorker, type TestWorker } from '../support/worker';

describe('the fraud-monitoring schedule on the dev server', () => {
  let harness: TestWorker;

  before(async () => {
    const [alertsTopic] = (await freshTopics(createKafka(testConfig()), ['fraud-alerts'])) as [string];
    harness = await startTestWorker({ KAFKA_TOPIC_FRAUD: alertsTopic });
  });

  after(async () => {
    await harness?.stop();
  });

  it('is created, then updated in place, and its runs cover the window their scheduled time ends', async () => {
    const scheduleId = uniqueName('fraud-monitoring');
    assert.equal(await applyFraudMonitoringSchedule(harness.client, harness.taskQueue, scheduleId), 'created');
    assert.equal(await applyFraudMonitoringSchedule(harness.client, harness.taskQueue, scheduleId), 'updated');
    const schedule = harness.client.schedule.getHandle(scheduleId);
    try {
      const { spec } = await schedule.describe();
      assert.deepEqual(spec.intervals, [{ every: 15 * 60_000, offset: 60_000 }]);

      const triggeredMs = Date.now();
      await schedule.trigger();
      let workflowId: string | undefined;
      for (let i = 0; i < 100 && workflowId === undefined; i++) {
        workflowId = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
        if (workflowId === undefined) await sleep(200);
      }
      assert.ok(workflowId !== undefined, 'the schedule never started a run');
      const result = await harness.client.workflow.getHandle<typeof fraudMonitoring>(workflowId).result();
      // The trigger's scheduled time lies between the call and now: a 15-minute boundary may fall in between.
      const possible = [triggeredMs, Date.now()].map((ms) => new Date(windowEndAtOrBefore(ms)).toISOString());
      assert.ok(possible.includes(result.windowEnd), `${result.windowEnd} not in ${possible.join(', ')}`);
      assert.deepEqual([result.alerts, result.incidentsOpened], [0, []]);
    } finally {
      await schedule.delete();
    }
  });
});
