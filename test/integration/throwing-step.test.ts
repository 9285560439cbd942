import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { localLakeStore } from '../../src/adapters/lake';
import { topicsOf } from '../../src/config';
import { WindowEngine, type WindowResult } from '../../src/domain/analytics';
import type { Transaction } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { startAnalyticsStream } from '../../src/streaming/analytics-stream';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { fraudMetrics } from '../../src/streaming/fraud-metrics';
import { startFraudStream } from '../../src/streaming/fraud-stream';
import { lakeSources } from '../../src/streaming/lake-sink';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { expectedAlerts, fraudTopics, readPartitioned } from '../support/fraud';
import { readAll } from '../support/kafka';
import { caughtUp, lakeTopics, readLake, runSinkUntil } from '../support/lake';
import { POISON, THROWING_FRAUD_STEPS, THROWING_LAKE_ROWS_WORKER, THROWING_PANE_STEPS } from '../support/throwing-steps';
import { until } from '../support/until';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');
const POISONED = 25;

/** Generated purchases with POISONED poisoned copies (valid, with ids of their own) spread among them. */
function purchasesWithPoison(count: number): { all: Transaction[]; valid: Transaction[] } {
  const valid = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 3_600_000, fraudRate: 0.05, users: 300 })
    .take(count)
    .flatMap((e) => (e.kind === 'purchase' ? [e.event] : []));
  const every = Math.floor(valid.length / POISONED);
  const all: Transaction[] = [];
  valid.forEach((p, i) => {
    all.push(p);
    if (i % every === 0 && all.length - i <= POISONED)
      all.push({ ...p, transaction_id: `poison-${i}`, product_name: POISON, status: 'completed' });
  });
  return { all, valid };
}

async function produce(kafka: Kafka, topic: string, purchases: readonly Transaction[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < purchases.length; i += 1000)
    await producer.send({ topic, messages: purchases.slice(i, i + 1000).map((p) => ({ key: p.user_id, value: JSON.stringify(p) })) });
  await producer.disconnect();
}

/** Asserts that the dead letters are exactly the poisoned purchases, each with the step's error as reason. */
function assertPoisonDeadLetters(dead: Awaited<ReturnType<typeof readAll>>, poisoned: number, step: RegExp): void {
  assert.equal(dead.length, poisoned, 'every poisoned purchase, and nothing else, in the DLQ');
  for (const d of dead) {
    assert.equal((JSON.parse(String(d.message.value)) as Transaction).product_name, POISON);
    assert.match(deadLetterReason(d.message) ?? '', step);
  }
}

describe('a message that makes a consumer’s own step throw', function () {
  this.timeout(240_000);
  const kafka = createKafka(testConfig());

  it('goes from the fraud consumer to the DLQ with the error, and detection goes on', async () => {
    const topics = await fraudTopics(kafka);
    const { all, valid } = purchasesWithPoison(8000);
    await produce(kafka, topics.sales, all);
    const metrics = fraudMetrics();
    const fraud = await startFraudStream({
      kafka,
      groupId: uniqueName('fraud-throwing'),
      topics,
      rebuildMessages: 0,
      log: testLogger(),
      metrics,
      steps: THROWING_FRAUD_STEPS,
    });
    try {
      const processed = async (): Promise<number> => (await metrics.processed.get()).values.reduce((sum, v) => sum + v.value, 0);
      await until('every message is handled', async () => (await processed()) >= all.length, 200_000);
    } finally {
      await fraud.stop();
    }
    const poisoned = all.length - valid.length;
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^fraud detection threw: InjectedBug: /);
    const onTopic = await readPartitioned(kafka, topics.sales, all.length);
    const expected = expectedAlerts(onTopic.filter((m) => !String(m.message.value).includes(POISON)));
    assert.ok(expected.length > 0);
    const alerts = await readAll(kafka, [topics.fraud], expected.length);
    assert.deepEqual(alerts.map((a) => JSON.parse(String(a.message.value)).alert_id).sort(), expected.map((a) => a.alert_id).sort());
  });

  it('goes from the analytics consumer to the DLQ with the error, and the windows are those of the valid purchases', async () => {
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
    const { all, valid } = purchasesWithPoison(4000);
    await produce(kafka, topics.sales, all);
    const engine = new WindowEngine();
    const expected: WindowResult[] = [];
    for (const p of valid) expected.push(...engine.add({ kind: 'purchase', event: p }, 'all', Date.now()).results);
    expected.push(...engine.tick(FAR_FUTURE).results);

    const emitted: WindowResult[] = [];
    const analytics = await startAnalyticsStream({
      kafka,
      groupPrefix: uniqueName('analytics-throwing'),
      topics,
      slideMs: 10_000,
      allowedLatenessMs: 10_000,
      idleTimeoutMs: 5_000,
      rebuildMessages: 1000,
      log: testLogger(),
      steps: THROWING_PANE_STEPS,
      onWindows: (results) => emitted.push(...results),
    });
    try {
      const deadline = Date.now() + 150_000;
      while (emitted.length < expected.length && Date.now() < deadline) await sleep(500);
    } finally {
      await analytics.stop();
    }
    const poisoned = all.length - valid.length;
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^analytics panes threw: InjectedBug: /);
    const byStart = (a: WindowResult, b: WindowResult): number => a.window_start.localeCompare(b.window_start);
    assert.deepEqual(emitted.sort(byStart), expected.sort(byStart));
  });

  it('goes from the lake sink to the DLQ with the error, and every valid purchase lands', async () => {
    const topics = await lakeTopics(kafka);
    const { all, valid } = purchasesWithPoison(4000);
    await produce(kafka, topics.sales, all);
    const root = mkdtempSync(join(tmpdir(), 'streamify-lake-'));
    const store = localLakeStore(`file://${root}`);
    const groupId = uniqueName('lake-throwing');
    const stats = await runSinkUntil(
      {
        kafka,
        store,
        sources: lakeSources(topics),
        groupId,
        policy: { maxMessages: 1000, maxAgeMs: 1000 },
        emailHashKey: 'throwing-step-test',
        log: testLogger(),
        rowsWorker: THROWING_LAKE_ROWS_WORKER,
      },
      await caughtUp(kafka, groupId, [topics.sales]),
      120_000,
    );
    const poisoned = all.length - valid.length;
    assert.equal(stats.deadLetters, poisoned);
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^lake row threw: InjectedBug: /);
    const rows = await readLake(root, 'transactions');
    assert.deepEqual(rows.map((r) => String(r.transaction_id)).sort(), valid.map((p) => p.transaction_id).sort());
  });
});
