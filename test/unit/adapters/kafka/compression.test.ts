import assert from 'node:assert/strict';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { compressSync } from 'snappy';
import { snappyCompression } from '../../../../src/adapters/kafka/compression';

/** The codec kafkajs uses for Snappy once it is registered. */
const codec = (): { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> } => {
  snappyCompression();
  return CompressionCodecs[CompressionTypes.Snappy]();
};

describe('Snappy codec for kafkajs', () => {
  const text = Buffer.from(JSON.stringify({ user_id: 'u-000042', amount: 129.99, category: 'electronics' }).repeat(50));

  it('decompresses what it compresses, and compresses JSON well', async () => {
    const compressed = await codec().compress({ buffer: text });
    assert.ok(compressed.length < text.length / 5, `${compressed.length} of ${text.length} bytes`);
    assert.deepEqual(await codec().decompress(compressed), text);
  });

  it('reads the xerial framing of Java producers: a header, then sized blocks', async () => {
    const [first, second] = [text.subarray(0, 1000), text.subarray(1000)];
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const block = (b: Buffer): Buffer => {
      const c = compressSync(b);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(c.length);
      return Buffer.concat([size, c]);
    };
    assert.deepEqual(await codec().decompress(Buffer.concat([header, block(first), block(second)])), text);
  });
});
