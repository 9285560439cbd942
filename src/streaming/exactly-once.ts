import type { Admin, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { isBrokerUnavailable } from '../adapters/kafka/broker-unavailable';
import { TRANSACTION_RETRY, retryingConcurrentTransactions } from '../adapters/kafka/concurrent-transactions';
import { snappyCompression } from '../adapters/kafka/compression';
import type { Logger } from '../log';
import { chunkBySize, MAX_SEND_BYTES } from './message-size';

/** What a partition worker sends for one input message: messages by output topic. */
export class Outbox {
  readonly byTopic = new Map<string, Message[]>();

  send(topic: string, message: Message): void {
    const list = this.byTopic.get(topic);
    if (list === undefined) this.byTopic.set(topic, [message]);
    else list.push(message);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byTopic.values()) n += list.length;
    return n;
  }
}

/** The state and logic of one input partition; the relay owns delivery. */
export interface PartitionWorker {
  /** Handles one input message, putting what it yields in the outbox. Must not throw on bad input. */
  handle(message: KafkaMessage, outbox: Outbox): void;
  /** Replays one message of history to rebuild state, yielding nothing. */
  replay(message: KafkaMessage): void;
  /** Lets processing time pass (every `tickMs`), e.g. to close windows of idle inputs. */
  tick?(nowMs: number, outbox: Outbox): void;
}

/** Where a partition stands. */
interface PartitionSlot {
  readonly topic: string;
  readonly partition: number;
  readonly worker: PartitionWorker;
  readonly producer: Producer;
  /** Messages before this offset are history being replayed. */
  readonly liveFrom: number;
  /** The offset after the last message whose transaction committed (or was replayed). */
  nextOffset: number;
  /** Set when a transaction failed: the state has seen messages the outputs do not reflect. */
  dirty: boolean;
  /** Batches and ticks of a partition take turns: both use its producer and its state. */
  busy: Promise<void>;
}

export interface ExactlyOnceOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  /** Builds the worker of a partition; called once its producer has fenced any earlier owner's. */
  readonly createWorker: (topic: string, partition: number) => PartitionWorker | Promise<PartitionWorker>;
  /** Messages of history per partition replayed into a new worker before it goes live. */
  readonly rebuildMessages: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** Called after each committed transaction, with the outputs it made visible (a tick's has no inputs and no lag). */
  readonly onCommitted?: (c: { topic: string; partition: number; inputs: number; outbox: Outbox; lag: number }) => void;
  /** Called when the partitions of this instance change, e.g. on a rebalance. */
  readonly onAssignment?: (assigned: ReadonlyArray<{ topic: string; partition: number }>) => void;
  /** How often live workers' tick runs; without it, never. */
  readonly tickMs?: number;
  /** Most bytes one send of a transaction carries (see message-size.ts); default MAX_SEND_BYTES. */
  readonly maxSendBytes?: number;
}

/** A running relay: `stopped` settles once it has shut down (on the signal, or when it failed). */
export interface RunningRelay {
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/** How long a consumer that lost the broker waits before it runs again; each run then retries with backoff. */
const RESTART_DELAY_MS = 1000;

const slotKey = (topic: string, partition: number): string => `${topic}#${partition}`;

/**
 * Consume → process → produce, exactly once: per input partition a transactional producer (transactional id
 * `<group>-<topic>-<partition>`, so that a new owner of the partition fences the old one) sends the outputs and
 * the consumer offsets in one transaction. A worker is built when its partition is first seen and rebuilt from
 * the partition's recent history (without output) before it goes live; a failed transaction discards it, so the
 * state never counts a message twice.
 */
export async function startExactlyOnceRelay(o: ExactlyOnceOptions): Promise<RunningRelay> {
  const compression = snappyCompression();
  const maxSendBytes = o.maxSendBytes ?? MAX_SEND_BYTES;
  const consumer = o.kafka.consumer({
    groupId: o.groupId,
    readUncommitted: false,
    maxBytesPerPartition: 1 << 20,
    // A crashed instance's partitions wait this long for a new owner.
    sessionTimeout: 10_000,
    heartbeatInterval: 3000,
  });
  const admin: Admin = o.kafka.admin();
  const slots = new Map<string, PartitionSlot>();
  const retiring = new Set<Promise<void>>();

  const retire = (key: string): void => {
    const slot = slots.get(key);
    if (slot === undefined) return;
    slots.delete(key);
    const done = slot.producer.disconnect().catch(() => undefined);
    retiring.add(done);
    void done.finally(() => retiring.delete(done));
  };

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const assigned = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    const keep = new Set(assigned.map((a) => slotKey(a.topic, a.partition)));
    for (const key of [...slots.keys()]) if (!keep.has(key)) retire(key);
    o.log.info({ group: o.groupId, partitions: assigned.map((a) => `${a.topic}[${a.partition}]`) }, 'partitions assigned');
    o.onAssignment?.(assigned);
  });

  /** Builds the worker of a partition seen for the first time, and seeks back to replay its history. */
  const open = async (topic: string, partition: number, firstOffset: number): Promise<PartitionSlot> => {
    const [offsets] = await admin.fetchTopicOffsets(topic).then((all) => all.filter((p) => p.partition === partition));
    const low = Number(offsets?.low ?? 0);
    const from = Math.max(low, firstOffset - o.rebuildMessages);
    const producer = o.kafka.producer({
      transactionalId: `${o.groupId}-${topic}-${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: TRANSACTION_RETRY,
    });
    // A transactional connect that fails (no coordinator while the broker restarts) leaves its connections open.
    await producer.connect().catch(async (err: unknown) => {
      await producer.disconnect().catch(() => undefined);
      throw err;
    });
    const slot: PartitionSlot = {
      topic,
      partition,
      worker: await o.createWorker(topic, partition),
      producer,
      liveFrom: firstOffset,
      nextOffset: from,
      dirty: false,
      busy: Promise.resolve(),
    };
    slots.set(slotKey(topic, partition), slot);
    // One line per assigned partition (dozens at a start): what a developer reads, not what an operator acts on.
    o.log.debug(
      { topic, partition, from, liveFrom: firstOffset },
      from < firstOffset ? 'rebuilding partition state' : 'partition state is new',
    );
    if (from < firstOffset) consumer.seek({ topic, partition, offset: String(from) });
    return slot;
  };

  /** Sends the outbox, and the input position when there is one, in one transaction. */
  const commit = async (
    slot: PartitionSlot,
    outbox: Outbox,
    position?: { topic: string; partition: number; offset: number },
  ): Promise<void> => {
    const transaction = await slot.producer.transaction();
    try {
      // A backlog makes one input batch yield many outputs: several bounded sends, one transaction still.
      for (const [outTopic, messages] of outbox.byTopic) {
        for (const chunk of chunkBySize(messages, maxSendBytes))
          await transaction.send({ topic: outTopic, messages: chunk, compression, acks: -1 });
      }
      if (position !== undefined) {
        const { topic, partition, offset } = position;
        await retryingConcurrentTransactions(() =>
          transaction.sendOffsets({
            consumerGroupId: o.groupId,
            topics: [{ topic, partitions: [{ partition, offset: String(offset) }] }],
          }),
        );
      }
      await transaction.commit();
    } catch (err) {
      slot.dirty = true;
      await transaction.abort().catch(() => undefined);
      throw err;
    }
  };

  const exclusive = <T>(slot: PartitionSlot, work: () => Promise<T>): Promise<T> => {
    const run = slot.busy.then(work);
    slot.busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  const tick = async (): Promise<void> => {
    const now = Date.now();
    for (const slot of slots.values()) {
      if (slot.worker.tick === undefined || slot.dirty || slot.nextOffset < slot.liveFrom) continue;
      await exclusive(slot, async () => {
        const outbox = new Outbox();
        slot.worker.tick?.(now, outbox);
        if (outbox.size === 0) return;
        await commit(slot, outbox);
        o.onCommitted?.({ topic: slot.topic, partition: slot.partition, inputs: 0, outbox, lag: 0 });
      }).catch((err: unknown) => o.log.warn({ err }, 'a tick’s transaction failed; the partition state will be rebuilt'));
    }
  };

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    const { topic, partition } = batch;
    if (batch.messages.length === 0) return;
    const first = Number(batch.messages[0]!.offset);
    let slot = slots.get(slotKey(topic, partition));
    // Messages before the state's position were already counted in it: replaying them would count them twice.
    if (slot !== undefined && (slot.dirty || first < slot.nextOffset)) {
      retire(slotKey(topic, partition));
      slot = undefined;
    }
    if (slot === undefined) {
      slot = await open(topic, partition, first);
      if (isStale()) return;
    }

    const live = slot;
    await exclusive(live, async () => {
      const outbox = new Outbox();
      const rebuilding = live.nextOffset < live.liveFrom;
      let inputs = 0;
      let last = -1;
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const offset = Number(message.offset);
        if (offset < live.liveFrom) live.worker.replay(message);
        else {
          live.worker.handle(message, outbox);
          inputs += 1;
        }
        last = offset;
        if ((offset & 0x3fff) === 0) await heartbeat();
      }
      if (last < 0) return;
      if (rebuilding && last + 1 >= live.liveFrom) o.log.debug({ topic, partition, upTo: live.liveFrom - 1 }, 'partition state rebuilt');
      // History needs no transaction: it changes no output and no committed offset.
      if (inputs > 0) await commit(live, outbox, { topic, partition, offset: last + 1 });
      live.nextOffset = last + 1;
      resolveOffset(String(last));
      if (inputs > 0) o.onCommitted?.({ topic, partition, inputs, outbox, lag: Number(batch.offsetLag()) });
    });
  };

  await admin.connect();
  await consumer.connect();
  // A group without committed offsets starts at the earliest retained message.
  for (const topic of o.inputTopics) await consumer.subscribe({ topic, fromBeginning: true });
  const runOptions = { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 6, eachBatch };
  await consumer.run(runOptions);
  const ticker = o.tickMs === undefined ? undefined : setInterval(() => void tick(), o.tickMs);

  let stopping: Promise<void> | undefined;
  let restart: NodeJS.Timeout | undefined;
  let settle: { resolve: () => void; reject: (err: unknown) => void } = { resolve: () => undefined, reject: () => undefined };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const shutDown = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(ticker);
      clearTimeout(restart);
      await consumer.disconnect();
      for (const key of [...slots.keys()]) retire(key);
      await Promise.all([...retiring]);
      await admin.disconnect();
    })());
  const stop = (): Promise<void> => shutDown().then(settle.resolve, settle.reject);
  const crash = (err: unknown): void => {
    o.log.error({ err, group: o.groupId }, 'consumer crashed');
    void shutDown().finally(() => settle.reject(err));
  };
  consumer.on(consumer.events.CRASH, (e) => {
    if (e.payload.restart) return;
    // kafkajs restarts its consumer after retriable errors only, and a transaction's sendOffsets or a group join
    // that finds no coordinator while the broker restarts fails "non-retriably". Waiting for the broker is right
    // here: a failed transaction has marked its partition's state for a rebuild, and the run resumes from the
    // committed offsets.
    if (stopping === undefined && isBrokerUnavailable(e.payload.error)) {
      o.log.warn({ err: e.payload.error, group: o.groupId }, 'lost the broker; running the consumer again');
      restart = setTimeout(() => void consumer.run(runOptions).catch(crash), RESTART_DELAY_MS);
      return;
    }
    crash(e.payload.error);
  });
  if (o.signal?.aborted) await stop();
  else o.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { stopped, stop };
}
