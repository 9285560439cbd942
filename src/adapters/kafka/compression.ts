import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';

/**
 * Registers the Snappy codec with kafkajs (which ships only gzip) and returns its type. Snappy is what the
 * producers use: pure JavaScript, several times cheaper in CPU than gzip for a similar ratio on JSON events.
 */
export function snappyCompression(): CompressionTypes {
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  return CompressionTypes.Snappy;
}
