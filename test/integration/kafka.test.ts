import assert from 'node:assert/strict';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import { testConfig, uniqueName } from '../support/config';

describe('Kafka on the local stack', () => {
  const config = testConfig();

  it('round-trips a keyed message through a real broker with kafkajs', async () => {
    const kafka = createKafka(config);
    const topic = uniqueName('roundtrip');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'u-000001', value: '{"hello":"kafka"}' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('roundtrip-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
      });
    });
    await consumer.disconnect();
    assert.deepEqual(received, { key: 'u-000001', value: '{"hello":"kafka"}' });
  });

  it('creates topics idempotently: a second run creates nothing and keeps the partitions', async () => {
    const admin = createKafka(config).admin();
    await admin.connect();
    try {
      const spec = { topic: uniqueName('idempotent'), numPartitions: 4, replicationFactor: 1 };
      const first = await ensureTopics(admin, [spec]);
      const second = await ensureTopics(admin, [spec]);
      assert.deepEqual(first, [{ topic: spec.topic, partitions: 4, created: true }]);
      assert.deepEqual(second, [{ topic: spec.topic, partitions: 4, created: false }]);
    } finally {
      await admin.disconnect();
    }
  });
});
