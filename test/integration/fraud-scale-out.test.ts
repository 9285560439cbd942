import assert from 'node:assert/strict';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import type { Alert } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS } from '../../src/domain/generator';
import { GeneratorThread } from '../../src/streaming/generator-thread';
import { fraudMetrics, type FraudMetrics } from '../../src/streaming/fraud-metrics';
import { startFraudStream, type FraudStream } from '../../src/streaming/fraud-stream';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { freshTopics, readAll } from '../support/kafka';
import { until } from '../support/until';

/** Enough history to rebuild a whole partition, so a moved partition's engine equals one that never moved. */
const REBUILD_MESSAGES = 100_000;
const EVENTS_PER_HALF = 5000;
/** Few users, each with many purchases on both sides of the handover: a moved engine that lost its history raises other alerts. */
const USERS = 50;

/** True once the group has committed every sales partition up to its end: all alerts of the input are visible. */
async function caughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.every((p) => (at.get(p.partition) ?? -1) >= Number(p.high));
  } finally {
    await admin.disconnect();
  }
}

const alertIds = async (kafka: Kafka, topic: string, expected: number): Promise<string[]> =>
  (await readAll(kafka, [topic], expected)).map((r) => (JSON.parse(String(r.message.value)) as Alert).alert_id).sort();

describe('fraud consumers scaled out in one group', function () {
  this.timeout(300_000);
  const kafka = createKafka(testConfig());

  it('splits the partitions, hands a stopped instance’s partitions over, and loses or doubles no alert', async () => {
    const [sales, activity, alerts, referenceAlerts, dlq] = (await freshTopics(kafka, [
      'scale-sales',
      'scale-activity',
      'scale-alerts',
      'scale-reference',
      'scale-dlq',
    ])) as string[];
    const [rules] = (await freshTopics(kafka, ['scale-rules'], 1)) as string[];
    const topicsWith = (fraud: string) => ({
      sales: sales!,
      activity: activity!,
      fraud,
      rules: rules!,
      dlq: { sales: dlq!, activity: dlq!, fraud: dlq! },
    });
    const start = (groupId: string, fraud: string, metrics?: FraudMetrics): Promise<FraudStream> =>
      startFraudStream({ kafka, groupId, topics: topicsWith(fraud), rebuildMessages: REBUILD_MESSAGES, log: testLogger(), metrics });
    // One stream, its second half going on where the first stopped.
    const generator = await GeneratorThread.start({
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: Date.now() - 3_600_000,
      fraudRate: 0.05,
      users: USERS,
    });
    const produceHalf = () =>
      produceEvents({ kafka, topics: { sales: sales!, activity: activity! }, generator, realTime: false, count: EVENTS_PER_HALF });

    const groupId = uniqueName('fraud-scale-out');
    const [a, b] = await Promise.all([start(groupId, alerts!), start(groupId, alerts!)]);
    try {
      // The first to join owns everything until the rebalance that lets the second in has reached both.
      const split = (): boolean =>
        a.partitions().length > 0 && b.partitions().length > 0 && [...a.partitions(), ...b.partitions()].sort().join() === '0,1,2';
      await until('the instances split the partitions, each owned once', split);

      await produceHalf();
      await until('the pair has processed the first half', () => caughtUp(kafka, groupId, sales!));
      const moved = a.partitions();
      await a.stop();
      await until('the survivor owns every partition', () => b.partitions().length === 3);
      assert.ok(
        moved.every((p) => b.partitions().includes(p)),
        'the stopped instance’s partitions moved to the survivor',
      );

      await produceHalf();
      await until('the survivor has processed the second half', () => caughtUp(kafka, groupId, sales!));
    } finally {
      await Promise.all([a.stop(), b.stop(), generator.close()]);
    }

    // The same input through one instance that never lost a partition is the reference.
    const referenceGroup = uniqueName('fraud-reference');
    const metrics = fraudMetrics();
    const reference = await start(referenceGroup, referenceAlerts!, metrics);
    try {
      await until('the reference has processed the input', () => caughtUp(kafka, referenceGroup, sales!));
    } finally {
      await reference.stop();
    }
    // The reference's own count of committed alerts says how many to wait for when reading them back.
    const referenceCount = (await metrics.alerts.get()).values.reduce((sum, v) => sum + v.value, 0);
    assert.ok(referenceCount > 0, 'the input raises alerts');
    const expected = await alertIds(kafka, referenceAlerts!, referenceCount);
    assert.equal(expected.length, referenceCount);
    assert.deepEqual(await alertIds(kafka, alerts!, expected.length), expected);
  });
});
