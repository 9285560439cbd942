import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createKafka } from '../../src/adapters/kafka/client';
import { publishRules, RULES_KEY } from '../../src/adapters/kafka/rules-topic';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { DEFAULT_RULES, withOverrides } from '../../src/domain/fraud';
import type { Alert } from '../../src/domain/events/schema';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { fraudMetrics } from '../../src/streaming/fraud-metrics';
import { startFraudStream } from '../../src/streaming/fraud-stream';
import { startMetricsServer } from '../../src/streaming/metrics-server';
import { GeneratorThread } from '../../src/streaming/generator-thread';
import { produceEvents } from '../../src/streaming/produce';
import { capturingLogger, testConfig, uniqueName } from '../support/config';
import { assertAlertsOfInput, committed, fraudConsumerEnv, fraudTopics, readPartitioned } from '../support/fraud';
import { until } from '../support/until';
import { readAll } from '../support/kafka';

const POISON = [
  'not json at all',
  '{"event_type":"purchase","amount":"12"}',
  JSON.stringify({ event_type: 'purchase', transaction_id: 'x', amount: -5 }),
  '',
  '{"event_type":"purchase","amount":NaN}',
];

/** Records on the rules topic, under the rules key, that are not rule sets: a reader skips each. */
const MALFORMED_RULES = [
  'not json',
  '{"__proto__":{"polluted":true},"version":9}',
  JSON.stringify({ ...DEFAULT_RULES, version: 9, constructor: { prototype: { polluted: true } } }),
  JSON.stringify({ ...DEFAULT_RULES, version: 9, velocity: { ...DEFAULT_RULES.velocity, limitUsd: -1 } }),
  JSON.stringify({ ...DEFAULT_RULES, version: '9' }),
  '[]',
  'null',
];

describe('fraud consumer on the real broker', function () {
  this.timeout(240_000);
  const config = testConfig();
  const kafka = createKafka(config);

  it('loses and repeats no alert when killed with SIGKILL mid-stream and started again; poison goes to the DLQ', async () => {
    const topics = await fraudTopics(kafka);
    const groupId = uniqueName('fraud');
    // The rebuild is logged at debug.
    const env = { ...fraudConsumerEnv(topics, groupId), LOG_LEVEL: 'debug' };
    let logs = '';
    const startConsumer = (): ChildProcess => {
      const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'fraud'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
      return child;
    };
    // The consumer creates the dead-letter topic, named after the input.
    const dlq = `${topics.sales}.dlq`;

    const generator = await GeneratorThread.start({
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: Date.now() - 3_600_000,
      fraudRate: 0.05,
      users: 2000,
    });
    const produce = async (count: number): Promise<number> =>
      (await produceEvents({ kafka, topics, generator, realTime: false, count, batchSize: 200 })).purchases;
    const poisonProducer = kafka.producer();
    await poisonProducer.connect();

    let child = startConsumer();
    let purchases = await produce(20_000);
    await poisonProducer.send({ topic: topics.sales, messages: POISON.map((value, i) => ({ key: `u-poison-${i}`, value })) });
    const producing = produce(40_000);
    await until('a third of the input is committed', async () => (await committed(kafka, groupId, topics.sales)) > 3000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    purchases += await producing;
    // Input after the kill: the restarted consumer has work (and history to rebuild) even when the first had finished.
    purchases += await produce(10_000);
    await generator.close();
    await poisonProducer.disconnect();

    const input = await readPartitioned(kafka, topics.sales, purchases + POISON.length);
    child = startConsumer();
    await until('all input is committed', async () => (await committed(kafka, groupId, topics.sales)) >= input.length);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, `clean exit on SIGTERM:\n${logs.slice(-3000)}`);

    await assertAlertsOfInput(kafka, topics.fraud, input);
    assert.match(logs, /rebuilding partition state/, 'the restarted consumer rebuilt its state from history');

    const dead = await readAll(kafka, [dlq], POISON.length);
    assert.equal(dead.length, POISON.length);
    assert.deepEqual(dead.map((d) => String(d.message.value ?? '')).sort(), [...POISON].sort(), 'the original bytes');
    for (const d of dead) assert.ok((deadLetterReason(d.message) ?? '').length > 0, 'with a reason');
  });

  it('applies a new rules version without restart, skipping and logging invalid rules records, and serves metrics and readiness', async () => {
    const topics = await fraudTopics(kafka);
    const metrics = fraudMetrics();
    const { log, records } = capturingLogger();
    const fraud = await startFraudStream({ kafka, groupId: uniqueName('fraud-rules'), topics, rebuildMessages: 1000, log, metrics });
    const server = await startMetricsServer(metrics.registry, '127.0.0.1', 0, fraud.ready);
    try {
      const intruder = kafka.producer();
      await intruder.connect();
      await intruder.send({ topic: topics.rules, messages: MALFORMED_RULES.map((value) => ({ key: RULES_KEY, value })) });
      await intruder.disconnect();
      await publishRules(kafka, topics.rules, withOverrides(DEFAULT_RULES, { 'highAmount.limitUsd': '10' }));
      await until('the new rules are in force', async () => fraud.rules().version === 2);
      const ignored = records.filter((r) => r.msg === 'ignored an invalid rules record');
      assert.equal(ignored.length, MALFORMED_RULES.length, 'each invalid record logged once');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype reached');
      const purchase = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 60_000 })
        .take(200)
        .find((e) => e.kind === 'purchase' && e.event.amount > 10 && e.event.amount < 2000);
      assert.ok(purchase);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: topics.sales, messages: [{ key: purchase.event.user_id, value: JSON.stringify(purchase.event) }] });
      await producer.disconnect();

      const [alert] = (await readAll(kafka, [topics.fraud], 1)).map((r) => JSON.parse(String(r.message.value)) as Alert);
      assert.equal(alert?.rules_version, 2);
      assert.ok(alert?.rules.includes('high_amount'));
      await until('ready', async () => (await fetch(`http://127.0.0.1:${server.port}/readyz`)).status === 200);
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      assert.match(text, /streamify_fraud_events_processed_total 1\b/);
      assert.match(text, /streamify_fraud_rule_hits_total\{rule="high_amount",severity="\w+"\} 1\b/);
      assert.match(text, /streamify_fraud_rules_version 2\b/);
      assert.match(text, /streamify_fraud_event_to_alert_seconds_count 1\b/);
    } finally {
      await fraud.stop();
      await server.close();
    }
  });
});
