import type { KafkaMessage, Message } from 'kafkajs';
import type { ParquetWriter } from '../adapters/duckdb/parquet-writer';
import { readProgress, writeProgress, type LakeStore } from '../adapters/lake';
import {
  DATASETS,
  PartitionBuffer,
  finishedFlush,
  initialProgress,
  planFlush,
  settlePending,
  startedFlush,
  type DatasetName,
  type FlushPlan,
  type FlushPolicy,
  type FlushReason,
  type PartitionProgress,
} from '../domain/lake';
import type { Validation } from '../domain/events/schema';
import { deadLetter } from './dead-letter';
import type { LakeLine, LakeRowsThread } from './lake-rows-thread';

/** A topic the lake sink reads, the dataset its rows land in, and the topic its refused messages go to. */
export interface LakeSource {
  readonly topic: string;
  readonly dataset: DatasetName;
  readonly deadLetterTopic: string;
}

/** What one flush wrote. */
export interface FlushReport {
  readonly dataset: DatasetName;
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly rows: number;
  readonly deadLetters: number;
  readonly files: readonly string[];
  readonly reason: FlushReason;
  readonly durationMs: number;
}

/** What a partition's sink needs from the process around it. */
export interface PartitionSinkContext {
  readonly store: LakeStore;
  readonly parquet: ParquetWriter;
  readonly policy: FlushPolicy;
  /** Makes the rows of the messages taken in. */
  readonly rows: LakeRowsThread;
  /** Sends dead letters; resolves once the broker has them. */
  readonly sendDeadLetters: (topic: string, messages: Message[]) => Promise<void>;
  /** Commits the group's offset of a partition; rejects unless it is committed. */
  readonly commit: (topic: string, partition: number, offset: number) => Promise<void>;
  /** Told of every flush once it is committed. */
  readonly flushed: (report: FlushReport) => void;
  /** Told of a failed flush: the sink must stop, since later offsets cannot be committed past it. */
  readonly failed: (err: unknown) => void;
}

/**
 * The lake sink of one topic-partition: buffers rows and dead letters, and writes them in a lane of flushes
 * that run one after the other, so offsets are committed in order and each only after its files are durable.
 */
export class PartitionSink {
  private readonly buffer: PartitionBuffer<Message, Uint8Array>;
  private progress: PartitionProgress | undefined;
  private lane: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Batches queued to be taken in, one after the other. */
  private intake: Promise<void> = Promise.resolve();
  private retired = false;

  constructor(
    private readonly source: LakeSource,
    private readonly partition: number,
    private readonly context: PartitionSinkContext,
  ) {
    this.buffer = new PartitionBuffer(source.topic, partition);
  }

  /**
   * Settles what a previous owner of the partition left half done, given the offset the group has committed
   * (null when none); must resolve before the sink takes messages in.
   */
  async recover(committedOffset: number | null, nowMs: number): Promise<void> {
    const { store } = this.context;
    const { dataset, topic } = this.source;
    const stored = await readProgress(store, dataset, topic, this.partition);
    if (stored === undefined) {
      this.progress = initialProgress(topic, this.partition, nowMs);
      return;
    }
    const { progress, orphans } = settlePending(stored, committedOffset, nowMs);
    for (const key of orphans) await store.delete(key);
    if (stored.pending !== null) await writeProgress(store, dataset, progress);
    this.progress = progress;
  }

  /**
   * Queues a batch (in offset order) to be taken in behind the ones before it, and resolves once those before it
   * are taken in: the consumer fetches the next batch while this one becomes rows, and a partition holds at most
   * two batches. Rejects when an earlier batch could not be taken in.
   */
  enqueue(messages: readonly KafkaMessage[]): Promise<void> {
    const before = this.intake;
    this.intake = before.then(() => this.take(messages));
    this.intake.catch(this.context.failed);
    return before;
  }

  /** Resolves once every queued batch is taken in (or the sink was retired). */
  taken(): Promise<void> {
    return this.intake.catch(() => undefined);
  }

  /**
   * Stops taking in: batches still queued are dropped (they were not committed, so the partition's next owner reads
   * them again). Resolves once the flushes already queued have settled.
   */
  async retire(): Promise<void> {
    this.retired = true;
    await this.taken();
    await this.idle();
  }

  /** Takes in a batch; its rows are made on the rows thread while this thread goes on fetching and flushing. */
  private async take(messages: readonly KafkaMessage[]): Promise<void> {
    if (this.progress === undefined) throw new Error(`${this.source.topic}-${this.partition} taken in before it was recovered`);
    const fresh = messages.filter((m) => this.buffer.isNew(Number(m.offset)));
    if (fresh.length === 0) return;
    const source = { topic: this.source.topic, partition: this.partition };
    const outcomes = await this.context.rows.rows(this.source.dataset, source, fresh, Date.now());
    const nowMs = Date.now();
    for (let i = 0; i < fresh.length; i++) {
      if (this.retired) return;
      const outcome = outcomes[i] as Validation<LakeLine>;
      const message = fresh[i] as KafkaMessage;
      this.buffer.add(
        Number(message.offset),
        nowMs,
        outcome.ok ? { record: outcome.value } : { deadLetter: deadLetter(source, message, outcome.reason) },
      );
      if (this.buffer.due(nowMs, this.context.policy) === 'size') {
        // One flush writing and one buffer filling per partition: memory stays bounded when writes are slow.
        if (this.queued > 0) await this.idle();
        if (this.retired) return;
        this.flush('size');
      }
    }
  }

  /** Starts a flush if the buffer has waited its longest and no flush is writing. */
  flushIfDue(nowMs: number): void {
    if (this.queued === 0 && this.buffer.due(nowMs, this.context.policy) !== undefined) this.flush('age');
  }

  /** Queues the buffer for writing behind any flush in progress. */
  flush(reason: FlushReason): void {
    const batch = this.buffer.take();
    if (batch === undefined) return;
    this.queued += 1;
    this.lane = this.lane
      .then(() => this.write(planFlush(this.source.dataset, batch), reason))
      .finally(() => {
        this.queued -= 1;
      });
    this.lane.catch(this.context.failed);
  }

  /** Resolves once every queued flush has settled. */
  idle(): Promise<void> {
    return this.lane.catch(() => undefined);
  }

  private async write(plan: FlushPlan<Message, Uint8Array>, reason: FlushReason): Promise<void> {
    const startedMs = Date.now();
    const { store, parquet } = this.context;
    const { dataset, topic, deadLetterTopic } = this.source;
    // recover() settles the progress before take() buffers anything, so a flush always finds it.
    let progress = this.progress as PartitionProgress;
    // Recorded first: a crash between the files and the commit leaves orphans the next run deletes.
    if (plan.files.length > 0) await writeProgress(store, dataset, startedFlush(progress, plan, Date.now()));
    for (const file of plan.files) {
      await parquet.withParquetFile(file.rows, DATASETS[dataset].columns, (path) => store.putFile(file.key, path));
    }
    if (plan.deadLetters.length > 0) await this.context.sendDeadLetters(deadLetterTopic, [...plan.deadLetters]);
    await this.context.commit(topic, this.partition, plan.commitOffset);
    progress = finishedFlush(progress, plan, Date.now());
    await writeProgress(store, dataset, progress);
    this.progress = progress;
    this.context.flushed({
      dataset,
      topic,
      partition: this.partition,
      firstOffset: plan.range.firstOffset,
      lastOffset: plan.range.lastOffset,
      rows: plan.rows,
      deadLetters: plan.deadLetters.length,
      files: plan.files.map((f) => f.key),
      reason,
      durationMs: Date.now() - startedMs,
    });
  }
}
