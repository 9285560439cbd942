import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { topicsOf } from '../../src/config';
import { WindowEngine, type WindowInput, type WindowResult } from '../../src/domain/analytics';
import { DEFAULT_RULES, FraudEngine } from '../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { startAnalyticsStream } from '../../src/streaming/analytics-stream';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { readAll } from '../support/kafka';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

describe('analytics consumer on the real broker', function () {
  this.timeout(240_000);

  it('emits every window once, with the figures of one engine over all input, and sends bad input to the DLQ', async () => {
    const config = testConfig({
      KAFKA_TOPIC_SALES: uniqueName('sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('analytics'),
      KAFKA_TOPIC_RULES: uniqueName('rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
    });
    const topics = topicsOf(config);
    const kafka = createKafka(config);
    await ensureConfiguredTopics(kafka, config);

    // Ten simulated minutes of traffic, with the alerts the fraud engine raises on it.
    const startMs = Date.now() - 3_600_000;
    const fraud = new FraudEngine(DEFAULT_RULES);
    const inputs: WindowInput[] = [];
    const messages = { sales: [] as Message[], activity: [] as Message[], alerts: [] as Message[] };
    for (const e of new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs, ratePerSecond: 50, fraudRate: 0.05, users: 2000 }).take(
      30_000,
    )) {
      const message = { key: e.event.user_id, value: JSON.stringify(e.event) };
      if (e.kind === 'purchase') {
        inputs.push({ kind: 'purchase', event: e.event });
        messages.sales.push(message);
        const alert = fraud.process(e.event, e.timeMs);
        if (alert === undefined) continue;
        inputs.push({ kind: 'alert', event: alert });
        messages.alerts.push({ key: alert.user_id, value: JSON.stringify(alert) });
      } else {
        inputs.push({ kind: 'activity', event: e.event });
        messages.activity.push(message);
      }
    }
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const send = async (topic: string, list: Message[]): Promise<void> => {
      // Record batches stay under the broker's message size limit.
      for (let i = 0; i < list.length; i += 1000) await producer.send({ topic, messages: list.slice(i, i + 1000) });
    };
    await send(topics.sales, messages.sales);
    await send(topics.activity, [...messages.activity, { key: 'u-x', value: '{"event_type":"page_view"}' }]);
    await send(topics.fraud, messages.alerts);
    await producer.disconnect();

    const single = new WindowEngine();
    const expected: WindowResult[] = [];
    for (const input of inputs) expected.push(...single.add(input, 'all', startMs).results);
    expected.push(...single.tick(FAR_FUTURE).results);
    assert.ok(expected.length > 50 && messages.alerts.length > 20, `${expected.length} windows and ${messages.alerts.length} alerts`);

    const emitted: WindowResult[] = [];
    const analytics = await startAnalyticsStream({
      kafka,
      groupPrefix: uniqueName('analytics'),
      topics,
      slideMs: 10_000,
      allowedLatenessMs: 10_000,
      // Long enough that no partition counts as idle while the input is still being read.
      idleTimeoutMs: 15_000,
      rebuildMessages: 10_000,
      log: testLogger(),
      onWindows: (results) => emitted.push(...results),
    });
    try {
      const deadline = Date.now() + 120_000;
      while (emitted.length < expected.length && Date.now() < deadline) await sleep(500);
    } finally {
      await analytics.stop();
    }

    const onTopic = (await readAll(kafka, [topics.analytics], expected.length, 2000)).map(
      (r) => JSON.parse(String(r.message.value)) as WindowResult,
    );
    const byStart = (a: WindowResult, b: WindowResult): number => a.window_start.localeCompare(b.window_start);
    assert.equal(onTopic.length, expected.length, 'each window once');
    assert.deepEqual(onTopic.sort(byStart), expected.sort(byStart));

    const dead = await readAll(kafka, [topics.dlq.activity], 1);
    assert.match(deadLetterReason(dead[0]!.message) ?? '', /session_id|event_id|timestamp/);
  });
});

type Message = { key: string; value: string };
