import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { topicsOf } from '../../src/config';
import { WindowEngine, type WindowResult } from '../../src/domain/analytics';
import type { Transaction } from '../../src/domain/events/schema';
import { DEFAULT_RULES, FraudEngine } from '../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { startAnalyticsStream } from '../../src/streaming/analytics-stream';
import { fraudMetrics } from '../../src/streaming/fraud-metrics';
import { startFraudStream } from '../../src/streaming/fraud-stream';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { fraudTopics } from '../support/fraud';
import { readAll } from '../support/kafka';
import { until } from '../support/until';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

/** Generated purchases, and the same with every third one delivered again right after it (an upstream retry). */
function purchasesWithRedeliveries(count: number): { once: Transaction[]; delivered: Transaction[] } {
  const once = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 3_600_000, fraudRate: 0.05, users: 300 })
    .take(count)
    .flatMap((e) => (e.kind === 'purchase' ? [e.event] : []));
  return { once, delivered: once.flatMap((p, i) => (i % 3 === 0 ? [p, p] : [p])) };
}

async function produce(kafka: Kafka, topic: string, purchases: readonly Transaction[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < purchases.length; i += 1000)
    await producer.send({ topic, messages: purchases.slice(i, i + 1000).map((p) => ({ key: p.user_id, value: JSON.stringify(p) })) });
  await producer.disconnect();
}

describe('a purchase delivered twice on the real broker', function () {
  this.timeout(240_000);
  const kafka = createKafka(testConfig());

  it('raises the fraud alerts of the stream without the duplicates', async () => {
    const topics = await fraudTopics(kafka);
    const { once, delivered } = purchasesWithRedeliveries(8000);
    await produce(kafka, topics.sales, delivered);
    const metrics = fraudMetrics();
    const fraud = await startFraudStream({
      kafka,
      groupId: uniqueName('fraud-redelivery'),
      topics,
      rebuildMessages: 0,
      log: testLogger(),
      metrics,
    });
    try {
      const processed = async (): Promise<number> => (await metrics.processed.get()).values.reduce((sum, v) => sum + v.value, 0);
      await until('every message is handled', async () => (await processed()) >= delivered.length, 200_000);
      // A user's purchases share a partition, so one engine over them all raises what the partitions' engines raise.
      const engine = new FraudEngine(DEFAULT_RULES);
      const expected = once.flatMap((p) => engine.process(p, Date.now()) ?? []);
      assert.ok(expected.length > 0);
      const alerts = await readAll(kafka, [topics.fraud], expected.length);
      assert.deepEqual(alerts.map((a) => JSON.parse(String(a.message.value)).alert_id).sort(), expected.map((a) => a.alert_id).sort());
      assert.equal((await metrics.redeliveries.get()).values[0]?.value, delivered.length - once.length);
    } finally {
      await fraud.stop();
    }
  });

  it('gives the analytics windows of the stream without the duplicates', async () => {
    const config = testConfig({
      KAFKA_TOPIC_SALES: uniqueName('sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('analytics'),
      KAFKA_TOPIC_RULES: uniqueName('rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
    });
    await ensureConfiguredTopics(kafka, config);
    const topics = topicsOf(config);
    const { once, delivered } = purchasesWithRedeliveries(4000);
    await produce(kafka, topics.sales, delivered);
    const engine = new WindowEngine();
    const expected: WindowResult[] = [];
    for (const p of once) expected.push(...engine.add({ kind: 'purchase', event: p }, 'all', Date.now()).results);
    expected.push(...engine.tick(FAR_FUTURE).results);

    const emitted: WindowResult[] = [];
    const analytics = await startAnalyticsStream({
      kafka,
      groupPrefix: uniqueName('analytics-redelivery'),
      topics,
      slideMs: 10_000,
      allowedLatenessMs: 10_000,
      idleTimeoutMs: 5_000,
      rebuildMessages: 1000,
      log: testLogger(),
      onWindows: (results) => emitted.push(...results),
    });
    try {
      const deadline = Date.now() + 150_000;
      while (emitted.length < expected.length && Date.now() < deadline) await sleep(500);
    } finally {
      await analytics.stop();
    }
    const byStart = (a: WindowResult, b: WindowResult): number => a.window_start.localeCompare(b.window_start);
    assert.deepEqual(emitted.sort(byStart), expected.sort(byStart));
  });
});
