import type { DatasetName } from './datasets';
import { groupByHour, lakeFileKey, type OffsetRange } from './layout';
import type { LakeRecord, LakeRow } from './rows';

/** When a partition's buffer is written: once it holds so many messages, or once its oldest has waited so long. */
export interface FlushPolicy {
  readonly maxMessages: number;
  readonly maxAgeMs: number;
}

/** Why a buffer was written. */
export type FlushReason = 'size' | 'age' | 'shutdown';

/** What one topic-partition took in since its last flush: rows, refused messages, and the offsets they span. */
export interface PartitionBatch<D, Row = LakeRow> {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly LakeRecord<Row>[];
  readonly deadLetters: readonly D[];
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/** One Parquet file of a flush: an event-time hour's rows. */
export interface PlannedFile<Row = LakeRow> {
  readonly key: string;
  readonly hourStartMs: number;
  readonly rows: readonly Row[];
}

/** What a flush writes, sends and commits. */
export interface FlushPlan<D, Row = LakeRow> {
  readonly dataset: DatasetName;
  readonly range: OffsetRange;
  readonly files: readonly PlannedFile<Row>[];
  readonly deadLetters: readonly D[];
  readonly rows: number;
  /** The newest event time of the rows; null when every message was refused. */
  readonly maxEventTimeMs: number | null;
  /** The offset to commit once the files are durable and the dead letters acknowledged: the next one to read. */
  readonly commitOffset: number;
}

/**
 * The buffer of one topic-partition, in offset order. A message at or below the last offset taken in is a
 * redelivery (the group rebalanced and the broker went back to the committed offset) and is skipped.
 */
export class PartitionBuffer<D, Row = LakeRow> {
  private records: LakeRecord<Row>[] = [];
  private deadLetters: D[] = [];
  private firstOffset = -1;
  private lastOffset = -1;
  private openedAtMs = 0;
  private seenThrough = -1;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Messages buffered, rows and refused alike. */
  get size(): number {
    return this.records.length + this.deadLetters.length;
  }

  /** Whether the message at this offset is new, i.e. not yet buffered or flushed. */
  isNew(offset: number): boolean {
    return offset > this.seenThrough;
  }

  /** Buffers the outcome of one message: its row, or its dead letter. */
  add(offset: number, nowMs: number, outcome: { record: LakeRecord<Row> } | { deadLetter: D }): void {
    if (!this.isNew(offset)) throw new RangeError(`offset ${offset} of ${this.topic}-${this.partition} was already taken in`);
    if (this.size === 0) {
      this.firstOffset = offset;
      this.openedAtMs = nowMs;
    }
    this.lastOffset = offset;
    this.seenThrough = offset;
    if ('record' in outcome) this.records.push(outcome.record);
    else this.deadLetters.push(outcome.deadLetter);
  }

  /** Whether the buffer should be written now under the policy, and why. */
  due(nowMs: number, policy: FlushPolicy): FlushReason | undefined {
    if (this.size === 0) return undefined;
    if (this.size >= policy.maxMessages) return 'size';
    return nowMs - this.openedAtMs >= policy.maxAgeMs ? 'age' : undefined;
  }

  /** Empties the buffer and returns what it held, or undefined when it held nothing. */
  take(): PartitionBatch<D, Row> | undefined {
    if (this.size === 0) return undefined;
    const batch = {
      topic: this.topic,
      partition: this.partition,
      records: this.records,
      deadLetters: this.deadLetters,
      firstOffset: this.firstOffset,
      lastOffset: this.lastOffset,
    };
    this.records = [];
    this.deadLetters = [];
    return batch;
  }
}

/** Plans the flush of a batch: one file per event-time hour, all named from the batch's offsets. */
export function planFlush<D, Row>(dataset: DatasetName, batch: PartitionBatch<D, Row>): FlushPlan<D, Row> {
  const range: OffsetRange = {
    topic: batch.topic,
    partition: batch.partition,
    firstOffset: batch.firstOffset,
    lastOffset: batch.lastOffset,
  };
  let maxEventTimeMs: number | null = null;
  for (const r of batch.records) if (maxEventTimeMs === null || r.eventTimeMs > maxEventTimeMs) maxEventTimeMs = r.eventTimeMs;
  return {
    dataset,
    range,
    files: groupByHour(batch.records).map(({ hourStartMs, items }) => ({
      key: lakeFileKey(dataset, hourStartMs, range),
      hourStartMs,
      rows: items.map((r) => r.row),
    })),
    deadLetters: batch.deadLetters,
    rows: batch.records.length,
    maxEventTimeMs,
    commitOffset: batch.lastOffset + 1,
  };
}
