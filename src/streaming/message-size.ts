import type { IHeaders, Message } from 'kafkajs';

/**
 * The broker's limit on one record batch of a topic that sets none: Kafka's `message.max.bytes` default, 1 MiB
 * plus 12 bytes of log overhead. Neither the local stack (src/stack/kafka.ts) nor docker-compose.yml changes it;
 * only `analytics.panes` raises its own to 16 MiB (src/adapters/kafka/topics.ts). With record format v2 the limit
 * applies to a whole batch, compressed as sent, not to each message in it.
 */
export const BROKER_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * Most bytes (keys, values and headers before compression, with RECORD_OVERHEAD_BYTES each) that one send of a
 * transaction carries. kafkajs puts a send's messages for one partition into one record batch and, unlike the
 * Java producer (`max.request.size`, 1 MiB), never splits it, so the consumers split their outputs themselves.
 * A quarter below the broker's limit: Snappy can grow incompressible bytes by a sixth, and the batch and record
 * headers add a little more.
 */
export const MAX_SEND_BYTES = Math.floor((BROKER_MAX_MESSAGE_BYTES * 3) / 4);

/**
 * Most bytes of one message the consumers compose from many parts (a pane report's panes): a quarter of a send,
 * so that a backlog, which makes one report carry many panes, makes more reports instead of a bigger one.
 */
export const MAX_COMPOSED_MESSAGE_BYTES = Math.floor(MAX_SEND_BYTES / 4);

/** What a record adds to its key, value and headers in a batch (lengths, offsets, timestamps), rounded up. */
export const RECORD_OVERHEAD_BYTES = 64;

const bytesOf = (v: string | Buffer | null | undefined): number =>
  v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;

function headerBytes(headers: IHeaders | undefined): number {
  let n = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    n += Buffer.byteLength(name) + 8;
    if (Array.isArray(value)) for (const v of value) n += bytesOf(v) + 8;
    else n += bytesOf(value as string | Buffer | undefined);
  }
  return n;
}

/** An upper estimate of what a message takes in a record batch before compression. */
export function messageBytes(m: Message): number {
  return bytesOf(m.key) + bytesOf(m.value) + headerBytes(m.headers) + RECORD_OVERHEAD_BYTES;
}

/**
 * The messages, in order, cut into runs of at most maxBytes each (by messageBytes). A message above maxBytes on
 * its own goes alone: only a topic with a higher limit of its own takes it.
 */
export function chunkBySize(messages: readonly Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageBytes(m);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
