import type { Worker } from 'node:worker_threads';
import type { KafkaMessage } from 'kafkajs';
import type { DatasetName, LakeRecord } from '../domain/lake';
import type { Validation } from '../domain/events/schema';
import { InOrderReplies, startModuleWorker } from './module-worker';
import { pieceAt } from './utf8-builder';

/** A batch of one topic-partition's messages as it crosses to the rows thread. */
export interface RowsRequest {
  readonly dataset: DatasetName;
  readonly topic: string;
  readonly partition: number;
  /** The validator's clock. */
  readonly nowMs: number;
  /** The message values one after another (a missing value is empty); message i ends at ends[i]. */
  readonly values: ArrayBuffer;
  readonly ends: Uint32Array;
  readonly offsets: Float64Array;
}

/** What the rows thread made of a batch, message by message. */
export interface RowsReply {
  /** The rows as lines of JSON, each ending in a newline; message i's line ends at lineEnds[i] (empty if refused). */
  readonly lines: ArrayBuffer;
  readonly lineEnds: Uint32Array;
  readonly eventTimesMs: Float64Array;
  /** Why a message was refused, by its index in the batch. */
  readonly refusals: ReadonlyMap<number, string>;
}

/** A lake row as a line of JSON (UTF-8, newline-terminated), with the event time that files it. */
export type LakeLine = LakeRecord<Uint8Array>;

/**
 * Decoding, validating and mapping messages to rows (`lakeRecordOf`), and writing the rows as JSON, on a thread of
 * their own: they were most of the lake sink's thread, which now only moves bytes between Kafka and the files.
 */
export class LakeRowsThread {
  private readonly replies = new InOrderReplies<RowsReply>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: RowsReply) => this.replies.answer(reply));
    worker.on('error', (err) => this.replies.fail(err));
    worker.on('exit', (code) => this.replies.fail(new Error(`the lake rows thread exited (code ${code})`)));
  }

  /**
   * Starts the thread; emails are replaced by their HMAC under this key. `workerModule` (a resolved path) is the
   * thread's body, lake-rows-worker by default: a test passes one whose row step throws.
   */
  static start(emailHashKey: string, workerModule: string = require.resolve('./lake-rows-worker')): LakeRowsThread {
    return new LakeRowsThread(startModuleWorker(workerModule, { emailHashKey }));
  }

  /** The row of each message of a batch of one topic-partition, or why it has none, in the batch's order. */
  async rows(
    dataset: DatasetName,
    source: { readonly topic: string; readonly partition: number },
    messages: readonly KafkaMessage[],
    nowMs: number,
  ): Promise<Validation<LakeLine>[]> {
    let size = 0;
    for (const m of messages) size += m.value?.length ?? 0;
    const values = new Uint8Array(size);
    const ends = new Uint32Array(messages.length);
    const offsets = new Float64Array(messages.length);
    let end = 0;
    messages.forEach((m, i) => {
      if (m.value !== null) values.set(m.value, end);
      end += m.value?.length ?? 0;
      ends[i] = end;
      offsets[i] = Number(m.offset);
    });
    const request: RowsRequest = { dataset, ...source, nowMs, values: values.buffer, ends, offsets };
    const reply = await this.replies.ask(() => this.worker.postMessage(request, [values.buffer, ends.buffer, offsets.buffer]));
    return messages.map((_, i) => {
      const reason = reply.refusals.get(i);
      if (reason !== undefined) return { ok: false, reason };
      return { ok: true, value: { eventTimeMs: reply.eventTimesMs[i] as number, row: pieceAt(reply.lines, reply.lineEnds, i) } };
    });
  }

  /** Stops the thread; batches not yet answered are refused. */
  async close(): Promise<void> {
    this.replies.fail(new Error('the lake rows thread is closed'));
    await this.worker.terminate();
  }
}
