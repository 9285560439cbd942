import assert from 'node:assert/strict';
import { createKafka } from '../../src/adapters/kafka/client';
import { TRANSACTION_RETRY, retryingConcurrentTransactions } from '../../src/adapters/kafka/concurrent-transactions';
import { testConfig, uniqueName } from '../support/config';
import { freshTopics } from '../support/kafka';

describe('Kafka transactions on the local stack', () => {
  const kafka = createKafka(testConfig());

  // What the exactly-once relay does for a batch without alerts: its transaction's first request is the offsets,
  // which the coordinator refuses while it is still finishing the transaction before.
  it('commits a transaction of offsets alone right after a commit, time after time', async () => {
    const [topic] = (await freshTopics(kafka, ['txn-offsets'], 1)) as [string];
    const groupId = uniqueName('txn-offsets-group');
    const producer = kafka.producer({
      transactionalId: uniqueName('txn-offsets'),
      idempotent: true,
      maxInFlightRequests: 1,
      retry: TRANSACTION_RETRY,
    });
    await producer.connect();
    const rounds = 100;
    try {
      for (let round = 1; round <= rounds; round++) {
        const withOutput = await producer.transaction();
        await withOutput.send({ topic, messages: [{ key: 'k', value: String(round) }] });
        await withOutput.commit();
        const offsetsOnly = await producer.transaction();
        await retryingConcurrentTransactions(() =>
          offsetsOnly.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: String(round) }] }] }),
        );
        await offsetsOnly.commit();
      }
    } finally {
      await producer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.equal(committed?.partitions[0]?.offset, String(rounds));
    } finally {
      await admin.disconnect();
    }
  });
});
