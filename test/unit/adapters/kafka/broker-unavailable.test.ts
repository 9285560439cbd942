import assert from 'node:assert/strict';
import { KafkaJSConnectionError, KafkaJSGroupCoordinatorNotFound, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isBrokerUnavailable } from '../../../../src/adapters/kafka/broker-unavailable';

describe('broker unavailable', () => {
  it('sees a coordinator not found behind the non-retriable error kafkajs wraps it in', () => {
    // As kafkajs' retrier bails out: the error as the message and as the cause (its typings know neither).
    type ErrorClass = new (e: Error | string, o?: { cause?: Error }) => Error;
    const notFound = new (KafkaJSGroupCoordinatorNotFound as unknown as ErrorClass)('Failed to find group coordinator');
    const err = new (KafkaJSNonRetriableError as unknown as ErrorClass)(notFound, { cause: notFound });
    assert.equal(isBrokerUnavailable(err), true);
  });

  it('takes refused connections as the broker being away', () => {
    assert.equal(isBrokerUnavailable(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED')), true);
  });

  it('does not take a fenced producer or a plain error for an absent broker', () => {
    const fenced = new KafkaJSProtocolError('Producer attempted an operation with an old epoch');
    assert.equal(isBrokerUnavailable(new KafkaJSNonRetriableError(fenced)), false);
    assert.equal(isBrokerUnavailable(new Error('bad input')), false);
  });
});
