import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Message } from 'kafkajs';
import type { Topics } from '../config';
import type { Logger } from '../log';
import { isBrokerUnavailable } from '../adapters/kafka/broker-unavailable';
import { snappyCompression } from '../adapters/kafka/compression';
import { openParquetWriter } from '../adapters/duckdb/parquet-writer';
import type { LakeStore } from '../adapters/lake';
import type { FlushPolicy } from '../domain/lake';
import { LakeRowsThread } from './lake-rows-thread';
import { PartitionSink, type FlushReport, type LakeSource, type PartitionSinkContext } from './lake-partition';

export type { FlushReport, LakeSource } from './lake-partition';

/** Partitions whose batches are taken in at once: a partition waiting for its flush does not hold up the others. */
const PARTITIONS_IN_PARALLEL = 6;
/** How long the sink waits after losing the broker before it starts over; connecting then retries with backoff. */
const RESTART_DELAY_MS = 1000;
/** How often buffers are checked for their age; an age flush is at most this late. */
const AGE_CHECK_MS = 1000;

/** The topics of the lake sink; without the analytics topic (a test's own topics) it lands no windows. */
export type LakeTopics = Pick<Topics, 'sales' | 'activity' | 'fraud' | 'dlq'> & Partial<Pick<Topics, 'analytics' | 'analyticsDlq'>>;

/**
 * The topics the lake sink reads, each with its dataset and dead-letter topic: purchases, activity, alerts, and the
 * analytics consumer's windows, so that no window lives only as long as the topic's retention.
 */
export function lakeSources(t: LakeTopics): LakeSource[] {
  const sources: LakeSource[] = [
    { topic: t.sales, dataset: 'transactions', deadLetterTopic: t.dlq.sales },
    { topic: t.activity, dataset: 'activity', deadLetterTopic: t.dlq.activity },
    { topic: t.fraud, dataset: 'alerts', deadLetterTopic: t.dlq.fraud },
  ];
  if (t.analytics !== undefined && t.analyticsDlq !== undefined) {
    sources.push({ topic: t.analytics, dataset: 'windows', deadLetterTopic: t.analyticsDlq });
  }
  return sources;
}

/** Counters of a lake sink run. */
export interface LakeSinkStats {
  rows: number;
  deadLetters: number;
  files: number;
  flushes: number;
  /** Times the sink lost the broker and started over. */
  restarts: number;
  readonly startedAtMs: number;
}

export interface LakeSinkOptions {
  readonly kafka: Kafka;
  readonly store: LakeStore;
  readonly sources: readonly LakeSource[];
  readonly groupId: string;
  readonly policy: FlushPolicy;
  /** Key of the HMAC that replaces emails. */
  readonly emailHashKey: string;
  readonly log: Logger;
  /** Stops the sink: it writes what it holds, commits, and resolves. */
  readonly signal?: AbortSignal;
  readonly onFlush?: (report: FlushReport, stats: Readonly<LakeSinkStats>) => void;
  /** The module (a resolved path) the rows thread runs; default lake-rows-worker. */
  readonly rowsWorker?: string;
}

/**
 * Consumes the sources into the lake until the signal fires: rows as zstd Parquet files by event-time hour,
 * refused messages to the dead-letter topics, offsets committed only once both are durable. On the signal it
 * stops fetching, flushes every buffer, commits and disconnects. When the broker goes away it starts over, as
 * after a crash: what was not committed is read again and rewritten under the same file names. Rejects when a
 * flush fails for any other reason or the consumer crashes.
 */
export async function runLakeSink(o: LakeSinkOptions): Promise<LakeSinkStats> {
  const stats: LakeSinkStats = { rows: 0, deadLetters: 0, files: 0, flushes: 0, restarts: 0, startedAtMs: Date.now() };
  for (;;) {
    try {
      await consumeIntoLake(o, stats);
      return stats;
    } catch (err) {
      if (o.signal?.aborted || !isBrokerUnavailable(err)) throw err;
      stats.restarts += 1;
      o.log.warn({ err, group: o.groupId }, 'lost the broker; the lake sink starts over from the committed offsets');
      await sleep(RESTART_DELAY_MS, undefined, { signal: o.signal }).catch(() => undefined);
      if (o.signal?.aborted) return stats;
    }
  }
}

/** One run of the lake sink, counting into stats, until the signal fires or it fails. */
async function consumeIntoLake(o: LakeSinkOptions, stats: LakeSinkStats): Promise<void> {
  const compression = snappyCompression();
  const sourceOf = new Map(o.sources.map((s) => [s.topic, s]));
  const sinks = new Map<string, PartitionSink>();
  // kafkajs drops a commit silently once its consumer has stopped: a flush must know, not record progress it lacks.
  let consuming = true;
  let failure: { error: unknown } | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const fail = (error: unknown): void => {
    failure ??= { error };
    stop();
  };
  const onAbort = (): void => stop();
  if (o.signal?.aborted) stop();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const consumer = o.kafka.consumer({
    groupId: o.groupId,
    readUncommitted: false,
    // A crashed consumer stops the sink instead of restarting behind its back with commits dropped meanwhile.
    retry: { restartOnFailure: async () => false },
  });
  const producer = o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const parquet = await openParquetWriter();
  const rows = LakeRowsThread.start(o.emailHashKey, o.rowsWorker);
  const context: PartitionSinkContext = {
    store: o.store,
    parquet,
    policy: o.policy,
    rows,
    sendDeadLetters: async (topic: string, messages: Message[]) => {
      await producer.send({ topic, messages, acks: -1, compression });
    },
    commit: async (topic, partition, offset) => {
      if (consuming) await consumer.commitOffsets([{ topic, partition, offset: String(offset) }]);
      if (!consuming) throw new Error(`offset ${offset} of ${topic}-${partition} not committed: the consumer stopped`);
    },
    flushed: (report) => {
      stats.rows += report.rows;
      stats.deadLetters += report.deadLetters;
      stats.files += report.files.length;
      stats.flushes += 1;
      // Debug: at full speed a flush happens several times a second; onFlush drives the progress line instead.
      o.log.debug(report, `wrote ${report.rows} rows of ${report.dataset} in ${report.files.length} files`);
      o.onFlush?.(report, stats);
    },
    failed: fail,
  };
  const admin = o.kafka.admin();
  // Flushes of partitions given away that were already writing: they finish before the sink disconnects.
  const retiring: Promise<void>[] = [];
  const keyOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
  /**
   * Follows an assignment: drops the partitions given to another member (their buffers are not committed, so
   * the new owner reads them again) and recovers the newly assigned ones from the offsets the group committed.
   */
  const assign = async (assignment: Record<string, number[]>): Promise<void> => {
    const assigned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => keyOf(topic, p))));
    for (const [key, sink] of sinks) {
      if (assigned.has(key)) continue;
      sinks.delete(key);
      retiring.push(sink.retire());
    }
    const committed = await admin.fetchOffsets({ groupId: o.groupId, topics: Object.keys(assignment) });
    const nowMs = Date.now();
    await Promise.all(
      committed.flatMap(({ topic, partitions }) =>
        partitions
          .filter((p) => assigned.has(keyOf(topic, p.partition)) && !sinks.has(keyOf(topic, p.partition)))
          .map(async ({ partition, offset }) => {
            const sink = new PartitionSink(sourceOf.get(topic) as LakeSource, partition, context);
            // kafkajs reports "no committed offset" as -1.
            await sink.recover(Number(offset) >= 0 ? Number(offset) : null, nowMs);
            sinks.set(keyOf(topic, partition), sink);
          }),
      ),
    );
  };
  let assigned: Promise<void> = Promise.resolve();

  let taking = 0;
  let tookAll: (() => void) | undefined;
  let stopping = false;
  const timer = setInterval(() => {
    for (const sink of sinks.values()) sink.flushIfDue(Date.now());
  }, AGE_CHECK_MS);
  try {
    await producer.connect();
    await admin.connect();
    await consumer.connect();
    consumer.on(consumer.events.CRASH, (e) => {
      consuming = false;
      fail(e.payload.error);
    });
    consumer.on(consumer.events.STOP, () => {
      consuming = false;
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      assigned = assign(e.payload.memberAssignment);
      assigned.catch(fail);
    });
    await consumer.subscribe({ topics: o.sources.map((s) => s.topic), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
      eachBatch: async ({ batch, heartbeat }) => {
        if (stopping || batch.messages.length === 0) return;
        taking += 1;
        try {
          await assigned;
          const sink = sinks.get(keyOf(batch.topic, batch.partition));
          if (sink === undefined) throw new Error(`a batch of ${batch.topic}-${batch.partition}, which is not assigned`);
          await sink.enqueue(batch.messages);
        } catch (err) {
          fail(err);
          return;
        } finally {
          taking -= 1;
          if (taking === 0) tookAll?.();
        }
        // Outside the catch: a rebalance surfaces here as an error kafkajs handles by rejoining the group.
        await heartbeat();
      },
    });
    o.log.info({ lake: o.store.url, group: o.groupId, topics: o.sources.map((s) => s.topic), policy: o.policy }, 'lake sink running');
    await stopped;

    stopping = true;
    clearInterval(timer);
    // A crashed consumer has no group left to pause (kafkajs throws), and fetches nothing more anyway.
    if (consuming) consumer.pause(o.sources.map((s) => ({ topic: s.topic })));
    if (taking > 0) await new Promise<void>((resolve) => (tookAll = resolve));
    await Promise.all([...sinks.values()].map((s) => s.taken()));
    if (failure === undefined) for (const sink of sinks.values()) sink.flush('shutdown');
    await Promise.all([...sinks.values()].map((s) => s.idle()).concat(retiring));
  } finally {
    clearInterval(timer);
    o.signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    await parquet.close();
    await rows.close();
  }
  if (failure !== undefined) throw failure.error;
}
