import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { topicsOf, type Config, type Topics } from '../../src/config';
import { WindowEngine, type WindowResult } from '../../src/domain/analytics';
import type { Alert, Transaction } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import type { Logger } from '../../src/log';
import { startAnalyticsStream, type PaneSteps } from '../../src/streaming/analytics-stream';
import { fraudMetrics, type FraudMetrics } from '../../src/streaming/fraud-metrics';
import { startFraudStream, type FraudSteps } from '../../src/streaming/fraud-stream';
import { testConfig, testLogger, uniqueName } from './config';
import { fraudTopics, type FraudTopics } from './fraud';
import { readAll } from './kafka';
import { until } from './until';

/** Far past any test's event time: ticking there closes every window. */
const FAR_FUTURE_MS = Date.parse('2100-01-01T00:00:00Z');

/** The purchases among `count` generated events of the last hour, 5 % of them fraud. */
export function generatedPurchases(count: number, users = 300): Transaction[] {
  return new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 3_600_000, fraudRate: 0.05, users })
    .take(count)
    .flatMap((e) => (e.kind === 'purchase' ? [e.event] : []));
}

/** Writes purchases to a topic keyed by user, a thousand to a send so that record batches stay under the size limit. */
export async function producePurchases(kafka: Kafka, topic: string, purchases: readonly Transaction[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < purchases.length; i += 1000)
    await producer.send({ topic, messages: purchases.slice(i, i + 1000).map((p) => ({ key: p.user_id, value: JSON.stringify(p) })) });
  await producer.disconnect();
}

/** A config of the test's own, every topic named for the run with three partitions, and the topics created. */
export async function ownTopicsConfig(kafka: Kafka): Promise<{ config: Config; topics: Topics }> {
  const config = testConfig({
    KAFKA_TOPIC_SALES: uniqueName('sales'),
    KAFKA_TOPIC_ACTIVITY: uniqueName('activity'),
    KAFKA_TOPIC_FRAUD: uniqueName('alerts'),
    KAFKA_TOPIC_ANALYTICS: uniqueName('analytics'),
    KAFKA_TOPIC_RULES: uniqueName('rules'),
    KAFKA_TOPIC_PARTITIONS: '3',
  });
  await ensureConfiguredTopics(kafka, config);
  return { config, topics: topicsOf(config) };
}

/** Messages a fraud consumer has handled, by its metrics. */
export async function handled(metrics: FraudMetrics): Promise<number> {
  return (await metrics.processed.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Runs a fraud consumer of its own group until it has handled `count` messages, stops it, and returns its metrics. */
export async function runFraudUntilHandled(
  kafka: Kafka,
  topics: FraudTopics,
  o: { group: string; count: number; steps?: FraudSteps; waitMs?: number },
): Promise<FraudMetrics> {
  const metrics = fraudMetrics();
  const fraud = await startFraudStream({
    kafka,
    groupId: uniqueName(o.group),
    topics,
    rebuildMessages: 0,
    log: testLogger(),
    metrics,
    steps: o.steps,
  });
  try {
    await until('every message is handled', async () => (await handled(metrics)) >= o.count, o.waitMs ?? 200_000);
  } finally {
    await fraud.stop();
  }
  return metrics;
}

/** Writes `sent` to the sales topic of fresh fraud topics and runs a fraud consumer until it has handled every one. */
export async function fraudOverPurchases(
  kafka: Kafka,
  o: { sent: readonly Transaction[]; group: string; steps?: FraudSteps },
): Promise<{ topics: FraudTopics; metrics: FraudMetrics }> {
  const topics = await fraudTopics(kafka);
  await producePurchases(kafka, topics.sales, o.sent);
  return { topics, metrics: await runFraudUntilHandled(kafka, topics, { group: o.group, count: o.sent.length, steps: o.steps }) };
}

/** Asserts that the alerts topic holds exactly the expected alerts, by id, and that there are some. */
export async function assertAlertsOnTopic(kafka: Kafka, topic: string, expected: readonly Alert[]): Promise<void> {
  assert.ok(expected.length > 0);
  const alerts = await readAll(kafka, [topic], expected.length);
  assert.deepEqual(alerts.map((a) => JSON.parse(String(a.message.value)).alert_id).sort(), expected.map((a) => a.alert_id).sort());
}

/** The windows one engine makes of the purchases, every window closed at the end. */
export function windowsOfPurchases(purchases: readonly Transaction[]): WindowResult[] {
  const engine = new WindowEngine();
  const expected: WindowResult[] = [];
  for (const p of purchases) expected.push(...engine.add({ kind: 'purchase', event: p }, 'all', Date.now()).results);
  expected.push(...engine.tick(FAR_FUTURE_MS).results);
  return expected;
}

/**
 * Runs an analytics consumer (10 s slide and lateness) until it has emitted `expected` windows or `waitMs` has
 * passed, stops it, and returns the windows it emitted.
 */
export async function runAnalyticsUntil(
  kafka: Kafka,
  topics: Topics,
  o: { group: string; expected: number; idleTimeoutMs: number; rebuildMessages: number; waitMs: number; log?: Logger; steps?: PaneSteps },
): Promise<WindowResult[]> {
  const emitted: WindowResult[] = [];
  const analytics = await startAnalyticsStream({
    kafka,
    groupPrefix: uniqueName(o.group),
    topics,
    slideMs: 10_000,
    allowedLatenessMs: 10_000,
    idleTimeoutMs: o.idleTimeoutMs,
    rebuildMessages: o.rebuildMessages,
    log: o.log ?? testLogger(),
    steps: o.steps,
    onWindows: (results) => emitted.push(...results),
  });
  try {
    const deadline = Date.now() + o.waitMs;
    while (emitted.length < o.expected && Date.now() < deadline) await sleep(500);
  } finally {
    await analytics.stop();
  }
  return emitted;
}

/**
 * Writes `sent` to the sales topic of a config of the test's own and runs an analytics consumer over it; returns its
 * windows and those one engine makes of `counted` (what should count of `sent`), both sorted by start.
 */
export async function analyticsOverPurchases(
  kafka: Kafka,
  o: { sent: readonly Transaction[]; counted: readonly Transaction[]; group: string; steps?: PaneSteps },
): Promise<{ topics: Topics; emitted: WindowResult[]; expected: WindowResult[] }> {
  const { topics } = await ownTopicsConfig(kafka);
  await producePurchases(kafka, topics.sales, o.sent);
  const expected = windowsOfPurchases(o.counted);
  const emitted = await runAnalyticsUntil(kafka, topics, {
    group: o.group,
    expected: expected.length,
    idleTimeoutMs: 5_000,
    rebuildMessages: 1000,
    waitMs: 150_000,
    steps: o.steps,
  });
  return { topics, emitted: emitted.sort(byStart), expected: expected.sort(byStart) };
}

/** Orders windows by their start. */
export const byStart = (a: WindowResult, b: WindowResult): number => a.window_start.localeCompare(b.window_start);
