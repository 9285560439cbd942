import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics, ensureTopics } from '../../src/adapters/kafka/topics';
import { topicsOf, type Config, type Topics } from '../../src/config';
import { WindowEngine, type WindowInput, type WindowResult } from '../../src/domain/analytics';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { startAllConsumers } from '../../src/streaming/all-consumers';
import { testConfig, testLogger } from '../support/config';
import { ownStreamSettings } from '../support/kafka';
import { readToEnd } from '../support/read-to-end';
import { suiteTempDir } from '../support/temp-files';
import { until } from '../support/until';

const MINUTE_MS = 60_000;
const BACKLOG_MS = 65 * MINUTE_MS;
const RATE_PER_SECOND = 10;
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');
/**
 * The broker limit of the two topics the window stages write, scaled down from the default 1 MiB so that an
 * hour's backlog at 10 events/s (whose largest transactions carried 124 kB of pane reports and 37 kB of windows
 * per partition at 20 events/s) outgrows it unless the consumers cut what they send.
 */
const TOPIC_MAX_MESSAGE_BYTES = 24 * 1024;

/** Fresh topics, the two analytics outputs with a small message size limit; the rest as `topics create` makes them. */
async function backlogTopics(dir: string): Promise<{ config: Config; kafka: Kafka; topics: Topics }> {
  const config = testConfig({ ...ownStreamSettings('backlog', join(dir, 'lake')), ANALYTICS_IDLE_TIMEOUT_MS: '10000' });
  const kafka = createKafka(config);
  const topics = topicsOf(config);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const limit = [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }];
    await ensureTopics(admin, [
      { topic: topics.analytics, numPartitions: 3, replicationFactor: 1, configEntries: limit },
      { topic: topics.analyticsPanes, numPartitions: 1, replicationFactor: 1, configEntries: limit },
    ]);
  } finally {
    await admin.disconnect();
  }
  await ensureConfiguredTopics(kafka, config);
  return { config, kafka, topics };
}

/** Sixty-five minutes of generated traffic sent as fast as the broker takes it, and the windows of one engine over it. */
async function sendBacklog(kafka: Kafka, topics: Topics, startMs: number): Promise<{ expected: WindowResult[]; events: number }> {
  const generator = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs, ratePerSecond: RATE_PER_SECOND, users: 2000 });
  const sales: { key: string; value: string }[] = [];
  const activity: { key: string; value: string }[] = [];
  const engine = new WindowEngine();
  const expected: WindowResult[] = [];
  for (let e = generator.next(); e.timeMs < startMs + BACKLOG_MS; e = generator.next()) {
    const input: WindowInput = e.kind === 'purchase' ? { kind: 'purchase', event: e.event } : { kind: 'activity', event: e.event };
    expected.push(...engine.add(input, 'all', startMs).results);
    (e.kind === 'purchase' ? sales : activity).push({ key: e.event.user_id, value: JSON.stringify(e.event) });
  }
  expected.push(...engine.tick(FAR_FUTURE).results);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    for (const [topic, list] of [
      [topics.sales, sales],
      [topics.activity, activity],
    ] as const) {
      // The test's own producer keeps its record batches under the broker's limit.
      for (let i = 0; i < list.length; i += 1000) await producer.send({ topic, messages: list.slice(i, i + 1000) });
    }
  } finally {
    await producer.disconnect();
  }
  return { expected, events: sales.length + activity.length };
}

/** What the windows say apart from alerts, which depend on when the fraud consumer's output comes in. */
const figures = (w: WindowResult): WindowResult => ({ ...w, alerts: 0, alert_rate: 0 });

describe('streamify stream all catching up on a backlog', function () {
  this.timeout(300_000);
  const dir = suiteTempDir('backlog');

  it('writes every 1-minute window of an hour’s backlog once, no message over the broker’s limit, the other consumers on', async () => {
    const { config, kafka, topics } = await backlogTopics(dir());
    const emitted: WindowResult[] = [];
    // Started before the backlog comes in, as after an outage: every partition idle, then an hour at once.
    const consumers = await startAllConsumers({
      kafka,
      config,
      log: testLogger(),
      lakeFlushAgeMs: 2000,
      maxSendBytes: Math.floor((TOPIC_MAX_MESSAGE_BYTES * 3) / 4),
      maxReportBytes: Math.floor(TOPIC_MAX_MESSAGE_BYTES / 4),
      restartPolicy: { initialDelayMs: 100, maxDelayMs: 1000, stableAfterMs: 60_000, maxFailuresInARow: 1, startAttempts: 8 },
      onWindows: (results) => emitted.push(...results),
    });
    let expected: WindowResult[];
    try {
      const startMs = Math.floor((Date.now() - 3 * BACKLOG_MS) / MINUTE_MS) * MINUTE_MS;
      ({ expected } = await sendBacklog(kafka, topics, startMs));
      // More than an hour of 10-second slides (the last few wait for the allowed lateness past the backlog's end).
      assert.ok(expected.length > 360, `${expected.length} windows expected`);
      const last = expected.at(-1)!.window_start;
      await Promise.race([
        consumers.failed,
        until('the window stage has emitted the last window of the backlog', () => emitted.some((w) => w.window_start === last), 240_000),
      ]);
      assert.deepEqual(consumers.restarts(), { fraud: 0, analytics: 0, lake: 0 }, 'no consumer failed');
    } finally {
      await consumers.stop();
    }

    // Every window, read read-committed up to the end offsets of the topic now that nothing writes to it.
    const onTopic = (await readToEnd(kafka, topics.analytics)).map((m) => JSON.parse(String(m.value)) as WindowResult);
    const starts = onTopic.map((w) => w.window_start);
    assert.equal(new Set(starts).size, starts.length, 'no window twice');
    assert.equal(onTopic.length, expected.length, 'every window');
    const byStart = (a: WindowResult, b: WindowResult): number => a.window_start.localeCompare(b.window_start);
    assert.deepEqual(onTopic.sort(byStart).map(figures), expected.sort(byStart).map(figures));
    const slides = new Set(starts.map((s) => (Date.parse(s) % MINUTE_MS) / 10_000));
    assert.equal(slides.size, 6, 'windows start on every 10-second slide');
  });
});
