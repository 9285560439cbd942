import assert from 'node:assert/strict';
import type { Message } from 'kafkajs';
import { BROKER_MAX_MESSAGE_BYTES, chunkBySize, MAX_SEND_BYTES, messageBytes } from '../../../src/streaming/message-size';
import { deadLetter, DLQ_HEADERS } from '../../../src/streaming/dead-letter';

const message = (bytes: number, key = 'k'): Message => ({ key, value: 'x'.repeat(bytes) });

describe('message sizes: what one send and one dead letter carry', () => {
  it('derives the send bound from the broker’s limit with room for Snappy’s worst case and headers', () => {
    assert.equal(BROKER_MAX_MESSAGE_BYTES, 1024 * 1024 + 12);
    // Snappy grows incompressible input by at most a sixth plus 32 bytes.
    assert.ok(MAX_SEND_BYTES * (7 / 6) + 32 + 1024 < BROKER_MAX_MESSAGE_BYTES);
  });

  it('cuts many messages into runs under the bound, in order, each message once', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => message(5000 + (i % 13), `k${i}`));
    const chunks = chunkBySize(messages, MAX_SEND_BYTES);
    assert.ok(chunks.length >= 6, `${chunks.length} runs for ~5 MB`);
    for (const c of chunks) assert.ok(c.reduce((n, m) => n + messageBytes(m), 0) <= MAX_SEND_BYTES);
    assert.deepEqual(chunks.flat(), messages);
  });

  it('sends a message above the bound alone, and nothing when there is nothing', () => {
    const big = message(MAX_SEND_BYTES * 2);
    assert.deepEqual(chunkBySize([message(10), big, message(10)], MAX_SEND_BYTES), [[message(10)], [big], [message(10)]]);
    assert.deepEqual(chunkBySize([], MAX_SEND_BYTES), []);
  });

  it('cuts the value of a dead letter that would outgrow the bound, saying how long it was', () => {
    const value = Buffer.alloc(BROKER_MAX_MESSAGE_BYTES - 100, 0x61);
    const source = { topic: 'sales', partition: 0 };
    const letter = deadLetter(source, { key: null, value, headers: {}, offset: '7', timestamp: '0', attributes: 0 }, 'r'.repeat(2000));
    assert.ok(messageBytes(letter) <= MAX_SEND_BYTES, `${messageBytes(letter)} bytes`);
    assert.equal(String(letter.headers?.[DLQ_HEADERS.truncatedFrom]), String(value.length));
    const small = deadLetter(
      source,
      { key: null, value: Buffer.from('{'), headers: {}, offset: '8', timestamp: '0', attributes: 0 },
      'bad',
    );
    assert.equal(small.headers?.[DLQ_HEADERS.truncatedFrom], undefined);
    assert.deepEqual(small.value, Buffer.from('{'));
  });
});
