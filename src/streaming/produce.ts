import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { Topics } from '../config';
import type { EventGenerator, GeneratedEvent } from '../domain/generator';
import { snappyCompression } from '../adapters/kafka/compression';
import { rememberingKeyPartitioner } from '../adapters/kafka/key-partitioner';

/** Longest a real-time batch waits for more events before it is sent. */
const LINGER_MS = 10;

/** When a production run stops: after a number of events, after a span of event time, or on a signal. */
export interface ProduceLimits {
  readonly count?: number;
  /** Event-time span from the generator's start; in real time that is also the wall-clock duration. */
  readonly durationMs?: number;
  readonly signal?: AbortSignal;
}

/** Counters of a production run, reported while it goes and at the end. */
export interface ProduceStats {
  sent: number;
  purchases: number;
  activity: number;
  fraud: number;
  errors: number;
  batches: number;
  readonly startedAtMs: number;
}

export interface ProduceOptions extends ProduceLimits {
  readonly kafka: Kafka;
  readonly topics: Pick<Topics, 'sales' | 'activity'>;
  readonly generator: EventGenerator;
  /** Real time waits until each event's time comes; simulated time sends as fast as the broker takes them. */
  readonly realTime: boolean;
  /** Messages per batch; a batch also leaves when real time makes the producer wait. */
  readonly batchSize?: number;
  readonly onProgress?: (stats: Readonly<ProduceStats>) => void;
  readonly progressEveryMs?: number;
}

/** The Kafka message of a generated event: keyed by user, the event as JSON. */
export function toMessage(e: GeneratedEvent): Message {
  return { key: e.event.user_id, value: JSON.stringify(e.event) };
}

/**
 * Sends generated events to Kafka in batches with an idempotent, Snappy-compressed producer, one batch in
 * flight while the next is built. Resolves with the counters once every sent batch is acknowledged.
 */
export async function produceEvents(o: ProduceOptions): Promise<ProduceStats> {
  const compression = snappyCompression();
  // One request in flight keeps the idempotent producer's sequence numbers in order.
  const producer: Producer = o.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: rememberingKeyPartitioner,
  });
  await producer.connect();
  const stats: ProduceStats = { sent: 0, purchases: 0, activity: 0, fraud: 0, errors: 0, batches: 0, startedAtMs: Date.now() };
  const batchSize = o.batchSize ?? 4000;
  const endMs = o.durationMs === undefined ? Infinity : o.generator.options.startMs + o.durationMs;
  const count = o.count ?? Infinity;
  let inFlight: Promise<void> = Promise.resolve();
  let lastProgress = Date.now();

  const flush = async (sales: Message[], activity: Message[]): Promise<void> => {
    const topicMessages: TopicMessages[] = [];
    if (sales.length > 0) topicMessages.push({ topic: o.topics.sales, messages: sales });
    if (activity.length > 0) topicMessages.push({ topic: o.topics.activity, messages: activity });
    if (topicMessages.length === 0) return;
    await inFlight;
    const size = sales.length + activity.length;
    inFlight = producer.sendBatch({ topicMessages, compression, acks: -1 }).then(
      () => {
        stats.sent += size;
        stats.batches += 1;
      },
      (err: unknown) => {
        stats.errors += size;
        throw err;
      },
    );
  };

  try {
    let sales: Message[] = [];
    let activity: Message[] = [];
    let produced = 0;
    let batchOpenedMs = Date.now();
    while (produced < count && !o.signal?.aborted) {
      const e = o.generator.next();
      if (e.timeMs >= endMs) break;
      if (o.realTime && e.timeMs > Date.now()) {
        // Like Kafka's linger.ms: a batch waits a little for company, rather than one request per event.
        if (Date.now() - batchOpenedMs >= LINGER_MS || e.timeMs - Date.now() >= LINGER_MS) {
          await flush(sales, activity);
          sales = [];
          activity = [];
        }
        while (e.timeMs > Date.now() && !o.signal?.aborted) await sleep(Math.min(e.timeMs - Date.now(), 200));
        if (o.signal?.aborted) break;
      }
      if (sales.length + activity.length === 0) batchOpenedMs = Date.now();
      if (e.kind === 'purchase') {
        sales.push(toMessage(e));
        stats.purchases += 1;
        if (e.event.label?.is_fraud) stats.fraud += 1;
      } else {
        activity.push(toMessage(e));
        stats.activity += 1;
      }
      produced += 1;
      if (sales.length + activity.length >= batchSize) {
        await flush(sales, activity);
        sales = [];
        activity = [];
      }
      if (o.onProgress && Date.now() - lastProgress >= (o.progressEveryMs ?? 1000)) {
        lastProgress = Date.now();
        o.onProgress(stats);
      }
    }
    await flush(sales, activity);
    await inFlight;
    return stats;
  } finally {
    await inFlight.catch(() => undefined);
    await producer.disconnect();
  }
}
