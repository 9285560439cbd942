import type { Worker } from 'node:worker_threads';
import type { Message } from 'kafkajs';
import { checkGeneratorOptions, type GeneratedEvent, type GeneratorOptions } from '../domain/generator';
import { InOrderReplies, startModuleWorker } from './module-worker';
import { pieceAt } from './utf8-builder';

/** Flags of an event in a chunk. */
export const PURCHASE = 1;
export const FRAUD = 2;

/** Events per chunk the thread generates at a time. */
const CHUNK_EVENTS = 1000;
/** Chunks requested ahead of the one being sent, so that the thread keeps generating while the broker is busy. */
const CHUNKS_AHEAD = 2;

/** A chunk of generated events as it crosses from the generator thread: Kafka keys and UTF-8 JSON values. */
export interface EventChunkData {
  readonly keys: readonly string[];
  /** The values one after another; event i ends at ends[i]. */
  readonly values: ArrayBuffer;
  readonly ends: Uint32Array;
  readonly timesMs: Float64Array;
  /** PURCHASE (to sales, not activity) and FRAUD bits per event. */
  readonly flags: Uint8Array;
}

/** A chunk being taken from: `next` is the first event not yet taken. */
export interface EventChunk extends EventChunkData {
  next: number;
}

/** The Kafka message of a generated event: keyed by user, the event as JSON. */
export function toMessage(e: GeneratedEvent): { key: string; value: string } {
  return { key: e.event.user_id, value: JSON.stringify(e.event) };
}

/** The Kafka message of event i of a chunk. */
export function chunkMessage(chunk: EventChunk, i: number): Message {
  return { key: chunk.keys[i] as string, value: pieceAt(chunk.values, chunk.ends, i) };
}

/**
 * An EventGenerator on a thread of its own, handing out its events chunk by chunk as Kafka messages. Generating
 * and serialising took a third of a producer's thread, kafkajs the rest; apart, they use two cores. The events
 * and their order are the generator's, and a stream taken from in several runs goes on where it stopped.
 */
export class GeneratorThread {
  private readonly requested: Promise<EventChunk>[] = [];
  private readonly replies = new InOrderReplies<EventChunk>();
  /** Settles when the thread has built its generator, or failed to. */
  private readonly ready: Promise<void>;
  private settleReady!: { resolve(): void; reject(e: unknown): void };
  private current: EventChunk | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly options: GeneratorOptions,
  ) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    worker.on('message', (chunk: EventChunkData | 'ready') => {
      if (chunk === 'ready') this.settleReady.resolve();
      else this.replies.answer({ ...chunk, next: 0 });
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the generator thread exited (code ${code})`)));
  }

  /** Starts the thread; resolves once its generator is built, so that what follows measures generating alone. */
  static async start(options: GeneratorOptions): Promise<GeneratorThread> {
    checkGeneratorOptions(options);
    const worker = startModuleWorker(require.resolve('./generator-worker'), { options });
    const thread = new GeneratorThread(worker, options);
    await thread.ready;
    return thread;
  }

  /** The chunk at hand if it has events left, else the next one. */
  async chunk(): Promise<EventChunk> {
    if (this.current !== undefined && this.current.next < this.current.timesMs.length) return this.current;
    while (this.requested.length <= CHUNKS_AHEAD) this.request();
    this.current = await (this.requested.shift() as Promise<EventChunk>);
    return this.current;
  }

  /** Stops the thread; events generated but not taken are dropped. */
  async close(): Promise<void> {
    this.replies.fail(new Error('the generator thread is closed'));
    this.current = undefined;
    this.requested.length = 0;
    await this.worker.terminate();
  }

  private request(): void {
    const chunk = this.replies.ask(() => this.worker.postMessage(CHUNK_EVENTS));
    // Chunks requested ahead may never be awaited when the thread stops; their failure is not unhandled.
    chunk.catch(() => undefined);
    this.requested.push(chunk);
  }

  private fail(err: unknown): void {
    this.settleReady.reject(this.replies.fail(err));
  }
}
