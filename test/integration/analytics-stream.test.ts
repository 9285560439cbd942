import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import type { Config, Topics } from '../../src/config';
import { WindowEngine, type WindowInput, type WindowResult } from '../../src/domain/analytics';
import { DEFAULT_RULES, FraudEngine } from '../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { capturingLogger, testConfig, uniqueName } from '../support/config';
import { committed } from '../support/fraud';
import { readAll } from '../support/kafka';
import { byStart, ownTopicsConfig, runAnalyticsUntil } from '../support/purchase-streams';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');
// Long enough that no partition counts as idle while the input is still being read.
const IDLE_TIMEOUT_MS = 15_000;

type Message = { key: string; value: string };
type Part = { sales: Message[]; activity: Message[]; alerts: Message[] };

/** Fresh topics and ten simulated minutes of traffic with its alerts, in two halves, and the windows one engine makes of it all. */
async function fixture(): Promise<{ config: Config; topics: Topics; kafka: Kafka; halves: [Part, Part]; expected: WindowResult[] }> {
  const kafka = createKafka(testConfig());
  const { config, topics } = await ownTopicsConfig(kafka);
  const startMs = Date.now() - 3_600_000;
  const fraud = new FraudEngine(DEFAULT_RULES);
  const inputs: WindowInput[] = [];
  const halves: [Part, Part] = [
    { sales: [], activity: [], alerts: [] },
    { sales: [], activity: [], alerts: [] },
  ];
  const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs, ratePerSecond: 50, fraudRate: 0.05, users: 2000 }).take(
    30_000,
  );
  events.forEach((e, i) => {
    const part = halves[i < events.length / 2 ? 0 : 1];
    const message = { key: e.event.user_id, value: JSON.stringify(e.event) };
    if (e.kind === 'activity') {
      inputs.push({ kind: 'activity', event: e.event });
      part.activity.push(message);
      return;
    }
    inputs.push({ kind: 'purchase', event: e.event });
    part.sales.push(message);
    const alert = fraud.process(e.event, e.timeMs);
    if (alert === undefined) return;
    inputs.push({ kind: 'alert', event: alert });
    part.alerts.push({ key: alert.user_id, value: JSON.stringify(alert) });
  });
  const single = new WindowEngine();
  const expected: WindowResult[] = [];
  for (const input of inputs) expected.push(...single.add(input, 'all', startMs).results);
  expected.push(...single.tick(FAR_FUTURE).results);
  assert.ok(expected.length > 50, `${expected.length} windows`);
  return { config, topics, kafka, halves, expected };
}

async function send(kafka: Kafka, topics: Topics, part: Part, extraActivity: Message[] = []): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const chunks = async (topic: string, list: Message[]): Promise<void> => {
    // Record batches stay under the broker's message size limit.
    for (let i = 0; i < list.length; i += 1000) await producer.send({ topic, messages: list.slice(i, i + 1000) });
  };
  await chunks(topics.sales, part.sales);
  await chunks(topics.activity, [...part.activity, ...extraActivity]);
  await chunks(topics.fraud, part.alerts);
  await producer.disconnect();
}

/** The windows on the analytics topic, read-committed, sorted by start, after a pause that would show one too many. */
async function windowsOnTopic(kafka: Kafka, topics: Topics, expected: number): Promise<WindowResult[]> {
  const read = await readAll(kafka, [topics.analytics], expected);
  return read.map((r) => JSON.parse(String(r.message.value)) as WindowResult).sort(byStart);
}

/** Records on the pane topic that are not pane records: each shape once, a report without panes first. */
const MALFORMED_PANE_RECORDS = [
  '{"kind":"report","report":{}}',
  '{"kind":"report","report":{"source":"sales/0","watermarkMs":"soon","panes":[],"late":[]}}',
  '{"kind":"report","report":{"source":"sales/0","watermarkMs":1e300,"panes":[],"late":[]}}',
  '{"kind":"report","report":{"source":"sales/0","watermarkMs":1,"panes":[{"index":1}],"late":[]}}',
  '{"kind":"report","report":{"source":"sales/0","watermarkMs":1,"panes":[],"late":[{"pane":1,"count":-5}]}}',
  '{"kind":"emitted","throughStartMs":null}',
  '{"kind":"other"}',
  '{"__proto__":{"kind":"emitted"}}',
  '[]',
  'null',
  'not json',
];

describe('analytics consumer on the real broker', function () {
  this.timeout(240_000);

  it('emits every window once, with the figures of one engine over all input, sends bad input to the DLQ and skips records of the pane topic that are not pane records', async () => {
    const { kafka, topics, halves, expected } = await fixture();
    await send(kafka, topics, halves[0]);
    await send(kafka, topics, halves[1], [{ key: 'u-x', value: '{"event_type":"page_view"}' }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: topics.analyticsPanes, messages: MALFORMED_PANE_RECORDS.map((value) => ({ key: 'intruder', value })) });
    await producer.disconnect();
    const { log, records } = capturingLogger();

    await runAnalyticsUntil(kafka, topics, {
      group: 'analytics',
      expected: expected.length,
      idleTimeoutMs: IDLE_TIMEOUT_MS,
      rebuildMessages: 10_000,
      waitMs: 120_000,
      log,
    });

    const onTopic = await windowsOnTopic(kafka, topics, expected.length);
    assert.equal(onTopic.length, expected.length, 'each window once');
    assert.deepEqual(onTopic, expected.sort(byStart));
    const dead = await readAll(kafka, [topics.dlq.activity], 1);
    assert.match(deadLetterReason(dead[0]!.message) ?? '', /session_id|event_id|timestamp/);
    const skipped = records.filter((r) => r.msg === 'skipped a pane record that is not one');
    assert.equal(skipped.length, MALFORMED_PANE_RECORDS.length, 'each malformed pane record skipped once, with a warning');
    assert.match(String(skipped[0]?.reason), /report\.source/);
  });

  it('loses and repeats no window when killed with SIGKILL and started again on more input', async () => {
    const { config, kafka, topics, halves, expected } = await fixture();
    const group = uniqueName('analytics-kill');
    const env = {
      ...process.env,
      KAFKA_TOPIC_SALES: topics.sales,
      KAFKA_TOPIC_ACTIVITY: topics.activity,
      KAFKA_TOPIC_FRAUD: topics.fraud,
      KAFKA_TOPIC_ANALYTICS: topics.analytics,
      KAFKA_TOPIC_RULES: topics.rules,
      KAFKA_TOPIC_PARTITIONS: String(config.topicPartitions),
      ANALYTICS_CONSUMER_GROUP: group,
      ANALYTICS_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      ANALYTICS_METRICS_PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug', // the rebuild is logged at debug
    };
    let logs = '';
    const start = (): ChildProcess => {
      const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'analytics'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
      return child;
    };
    await send(kafka, topics, halves[0]);
    let child = start();
    const deadline = Date.now() + 90_000;
    while ((await committed(kafka, `${group}-panes`, topics.sales)) < halves[0].sales.length && Date.now() < deadline) await sleep(200);
    // Killed before any partition has been quiet long enough to count as idle: no window closed early.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await send(kafka, topics, halves[1]);
    child = start();
    try {
      const onTopic = await windowsOnTopic(kafka, topics, expected.length);
      assert.equal(onTopic.length, expected.length, 'each window once');
      assert.deepEqual(onTopic, expected.sort(byStart));
      assert.match(logs, /rebuilding partition state/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
