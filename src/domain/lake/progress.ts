import { z } from 'zod';
import type { FlushPlan } from './flush';

const offset = z.number().int().nonnegative();
const isoTime = z.iso.datetime({ offset: true });

const pendingFlushSchema = z.object({
  firstOffset: offset,
  lastOffset: offset,
  maxEventTime: isoTime.nullable(),
  files: z.array(z.string()),
});

/**
 * How far the lake holds one topic-partition, as its progress file (_watermarks/<dataset>/<topic>-<partition>.json)
 * records it after every flush.
 */
export const partitionProgressSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** The newest event time among the rows written and committed; null before the first. */
  maxEventTime: isoTime.nullable(),
  /** The offset committed for the group: the next one to read; null before the first commit. */
  committedOffset: offset.nullable(),
  updatedAt: isoTime,
  /** A flush started but perhaps not committed: its files are orphans unless its offsets were committed. */
  pending: pendingFlushSchema.nullable(),
});

export type PartitionProgress = z.infer<typeof partitionProgressSchema>;
export type PendingFlush = z.infer<typeof pendingFlushSchema>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The progress of a partition the lake has never written. */
export function initialProgress(topic: string, partition: number, nowMs: number): PartitionProgress {
  return { topic, partition, maxEventTime: null, committedOffset: null, updatedAt: iso(nowMs) as string, pending: null };
}

/** The progress to record before a flush writes its files, so that a crash before the commit can be cleaned up. */
export function startedFlush(previous: PartitionProgress, plan: FlushPlan<unknown, unknown>, nowMs: number): PartitionProgress {
  const pending = {
    firstOffset: plan.range.firstOffset,
    lastOffset: plan.range.lastOffset,
    maxEventTime: iso(plan.maxEventTimeMs),
    files: plan.files.map((f) => f.key),
  };
  return { ...previous, updatedAt: iso(nowMs) as string, pending };
}

/** The progress once a flush is committed. */
export function finishedFlush(previous: PartitionProgress, plan: FlushPlan<unknown, unknown>, nowMs: number): PartitionProgress {
  return {
    ...previous,
    maxEventTime: later(previous.maxEventTime, iso(plan.maxEventTimeMs)),
    committedOffset: plan.commitOffset,
    updatedAt: iso(nowMs) as string,
    pending: null,
  };
}

/**
 * Settles a flush a previous owner of the partition left pending, from the offset the group has committed (null
 * when none). A commit past the pending range means the crash came after the commit but before the progress was
 * recorded: the flush counts. Otherwise its messages will be read again, so its files are orphans to delete
 * before they are written anew, possibly cut at other offsets.
 */
export function settlePending(
  stored: PartitionProgress,
  committedOffset: number | null,
  nowMs: number,
): { progress: PartitionProgress; orphans: string[] } {
  const pending = stored.pending;
  if (pending === null) return { progress: stored, orphans: [] };
  const updatedAt = iso(nowMs) as string;
  if (committedOffset !== null && committedOffset > pending.lastOffset) {
    const progress = {
      ...stored,
      maxEventTime: later(stored.maxEventTime, pending.maxEventTime),
      committedOffset: pending.lastOffset + 1,
      updatedAt,
      pending: null,
    };
    return { progress, orphans: [] };
  }
  return { progress: { ...stored, updatedAt, pending: null }, orphans: pending.files };
}

/**
 * The dataset's low watermark: the oldest of the partitions' newest committed event times, i.e. the event time
 * every partition has reached. Partitions that have written no row yet do not hold it back; undefined when none has.
 */
export function lowWatermarkMs(progress: readonly PartitionProgress[]): number | undefined {
  let low: number | undefined;
  for (const p of progress) {
    if (p.maxEventTime === null) continue;
    const t = Date.parse(p.maxEventTime);
    if (low === undefined || t < low) low = t;
  }
  return low;
}
