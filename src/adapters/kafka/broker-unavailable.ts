/** kafkajs errors that mean a broker, or the coordinator it hosts, was out of reach. */
const UNAVAILABLE = new Set([
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
  'KafkaJSConnectionError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
]);

/**
 * True when err, or an error it was caused by, says the broker was away or not ready yet (a retriable error):
 * what a broker restart looks like to a client. kafkajs itself gives up on some of these for good, e.g. it
 * wraps KafkaJSGroupCoordinatorNotFound, which it raises when no broker answers, as non-retriable.
 */
export function isBrokerUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (UNAVAILABLE.has(e.name) || (e as { retriable?: unknown }).retriable === true) return true;
  }
  return false;
}
