import assert from 'node:assert/strict';
import { KafkaJSProtocolError } from 'kafkajs';
import { retryingConcurrentTransactions } from '../../../../src/adapters/kafka/concurrent-transactions';

/** A protocol error as kafkajs raises it for a broker's error code. */
const protocolError = (type: string): KafkaJSProtocolError => Object.assign(new KafkaJSProtocolError('refused'), { type });

describe('retryingConcurrentTransactions', () => {
  it('repeats a request the coordinator refused with CONCURRENT_TRANSACTIONS until it is accepted', async () => {
    let calls = 0;
    const result = await retryingConcurrentTransactions(async () => {
      calls += 1;
      if (calls < 3) throw protocolError('CONCURRENT_TRANSACTIONS');
      return 'added';
    });
    assert.equal(result, 'added');
    assert.equal(calls, 3);
  });

  it('passes any other error on at once', async () => {
    let calls = 0;
    const fenced = protocolError('INVALID_PRODUCER_EPOCH');
    await assert.rejects(
      retryingConcurrentTransactions(async () => {
        calls += 1;
        throw fenced;
      }),
      fenced,
    );
    assert.equal(calls, 1);
  });

  it('gives up after the given number of retries', async () => {
    let calls = 0;
    await assert.rejects(
      retryingConcurrentTransactions(
        async () => {
          calls += 1;
          throw protocolError('CONCURRENT_TRANSACTIONS');
        },
        { initialRetryTime: 1, retries: 3 },
      ),
      { type: 'CONCURRENT_TRANSACTIONS' },
    );
    assert.equal(calls, 4);
  });
});
