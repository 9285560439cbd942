import assert from 'node:assert/strict';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import { testConfig, uniqueName } from '../support/config';
import { roundTrip } from '../support/kafka';

describe('Kafka on the local stack', () => {
  const config = testConfig();

  it('round-trips a keyed message through a real broker with kafkajs', async () => {
    const sent = { key: 'u-000001', value: '{"hello":"kafka"}' };
    assert.deepEqual(await roundTrip(createKafka(config), 'roundtrip', sent), sent);
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
