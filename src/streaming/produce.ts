import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { Topics } from '../config';
import type { GeneratorOptions } from '../domain/generator';
import { snappyCompression } from '../adapters/kafka/compression';
import { rememberingKeyPartitioner } from '../adapters/kafka/key-partitioner';
import { chunkMessage, FRAUD, GeneratorThread, PURCHASE } from './generator-thread';

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
  /**
   * What to generate: options start a generator thread for this run alone; a running thread goes on where it
   * stopped, and its owner closes it.
   */
  readonly generator: GeneratorOptions | GeneratorThread;
  /** Real time waits until each event's time comes; simulated time sends as fast as the broker takes them. */
  readonly realTime: boolean;
  /** Messages per batch; a batch also leaves when real time makes the producer wait. */
  readonly batchSize?: number;
  readonly onProgress?: (stats: Readonly<ProduceStats>) => void;
  readonly progressEveryMs?: number;
}

/**
 * Sends generated events to Kafka in batches with an idempotent, Snappy-compressed producer, one batch in
 * flight while the next is built. Resolves with the counters once every sent batch is acknowledged.
 */
export async function produceEvents(o: ProduceOptions): Promise<ProduceStats> {
  if (o.generator instanceof GeneratorThread) return produceFrom(o.generator, o);
  const events = await GeneratorThread.start(o.generator);
  try {
    return await produceFrom(events, o);
  } finally {
    await events.close();
  }
}

async function produceFrom(events: GeneratorThread, o: ProduceOptions): Promise<ProduceStats> {
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
  const endMs = o.durationMs === undefined ? Infinity : events.options.startMs + o.durationMs;
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
      const chunk = await events.chunk();
      const i = chunk.next;
      // kafkajs compresses a request partition by partition on libuv's pool, each step a callback: yielding to
      // the event loop between chunks lets the request in flight go on while the next one is built.
      if (i === 0) await setImmediate();
      const timeMs = chunk.timesMs[i] as number;
      if (timeMs >= endMs) break;
      if (o.realTime && timeMs > Date.now()) {
        // Like Kafka's linger.ms: a batch waits a little for company, rather than one request per event.
        if (Date.now() - batchOpenedMs >= LINGER_MS || timeMs - Date.now() >= LINGER_MS) {
          await flush(sales, activity);
          sales = [];
          activity = [];
        }
        while (timeMs > Date.now() && !o.signal?.aborted) await sleep(Math.min(timeMs - Date.now(), 200));
        if (o.signal?.aborted) break;
      }
      if (sales.length + activity.length === 0) batchOpenedMs = Date.now();
      chunk.next += 1;
      const flags = chunk.flags[i] as number;
      if (flags & PURCHASE) {
        sales.push(chunkMessage(chunk, i));
        stats.purchases += 1;
        if (flags & FRAUD) stats.fraud += 1;
      } else {
        activity.push(chunkMessage(chunk, i));
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
