import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { decodeJson, validateAlert, type Alert } from '../../domain/events/schema';
import { snappyCompression } from './compression';

/**
 * How long after the range's end a record may still be produced and belong to it: alerts are produced in a
 * transaction after their detection, so a partition is read until a record produced this much after the end.
 */
export const PRODUCE_GRACE_MS = 60_000;
/** The longest one read may take; past it the read fails (and the activity is retried). */
const READ_TIMEOUT_MS = 120_000;
const FETCH_WAIT_MS = 500;

/** A range of detection times, end exclusive. */
export interface DetectionRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** What a read saw. */
export interface AlertsRead {
  /** Records read, valid or not, in range or not. */
  readonly records: number;
  /** Records that were not valid alerts (skipped). */
  readonly invalid: number;
  /** False when the read stopped at `maxRecords` before reaching the range's end. */
  readonly complete: boolean;
}

/** The first offset of each partition at or after a record time, and the end offsets now (committed reads stop there). */
async function offsetsOf(kafka: Kafka, topic: string, fromMs: number): Promise<Map<number, { start: number; end: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, fromMs);
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
    return new Map(starts.map((s) => [s.partition, { start: Number(s.offset), end: ends.get(s.partition) ?? Number(s.offset) }]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the committed alerts detected in the range from the topic, calling onAlert for each, in no particular order
 * across partitions. Each partition is read from the first record produced at or after the range's start (offsets
 * for the timestamp) until a record produced PRODUCE_GRACE_MS after its end, or its end offset as it was when the
 * read began. Alerts detected outside the range are skipped. Stops after `maxRecords` records, reporting it.
 */
export async function readAlertsBetween(
  kafka: Kafka,
  topic: string,
  range: DetectionRange,
  onAlert: (alert: Alert) => void,
  maxRecords = Number.POSITIVE_INFINITY,
): Promise<AlertsRead> {
  snappyCompression();
  const offsets = await offsetsOf(kafka, topic, range.fromMs);
  const pending = new Map([...offsets].filter(([, o]) => o.start < o.end).map(([p, o]) => [p, o.end - 1]));
  let records = 0;
  let invalid = 0;
  if (pending.size === 0) return { records, invalid, complete: true };

  // A group of its own that never commits: each read starts where the timestamps say, whatever ran before.
  const consumer = kafka.consumer({ groupId: `${topic}-monitor-${randomUUID()}`, readUncommitted: false, maxWaitTimeInMs: FETCH_WAIT_MS });
  let capped = false;
  let finish: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
    // Progress is tracked per fetched batch: a batch ending in a transaction marker delivers no message at its last offset.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = pending.get(payload.partition);
      if (end !== undefined && Number(payload.lastOffset) >= end) pending.delete(payload.partition);
      if (pending.size === 0) resolve();
    });
  });
  // Awaited below; until then a crash must not count as an unhandled rejection.
  done.catch(() => undefined);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        const bounds = offsets.get(partition);
        // Before the seek takes effect the consumer may deliver earlier records; after a partition is done, later ones.
        if (bounds === undefined || offset < bounds.start || !pending.has(partition)) return;
        if (Number(message.timestamp) >= range.toMs + PRODUCE_GRACE_MS) {
          pending.delete(partition);
          if (pending.size === 0) finish();
          return;
        }
        records += 1;
        const decoded = decodeJson(message.value);
        const alert = decoded.ok ? validateAlert(decoded.value) : decoded;
        if (!alert.ok) {
          invalid += 1;
        } else {
          const detectedMs = Date.parse(alert.value.detected_at);
          if (detectedMs >= range.fromMs && detectedMs < range.toMs) onAlert(alert.value);
        }
        if (records >= maxRecords) {
          capped = true;
          finish();
        }
      },
    });
    for (const [partition, { start }] of offsets) if (pending.has(partition)) consumer.seek({ topic, partition, offset: String(start) });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return { records, invalid, complete: !capped };
}

/** Reads the committed alerts detected in a range (readAlertsBetween over one client and topic). */
export type AlertsReader = (range: DetectionRange, onAlert: (alert: Alert) => void, maxRecords?: number) => Promise<AlertsRead>;

/** The alerts of one topic on the broker. */
export function kafkaAlertsReader(kafka: Kafka, topic: string): AlertsReader {
  return (range, onAlert, maxRecords) => readAlertsBetween(kafka, topic, range, onAlert, maxRecords);
}
