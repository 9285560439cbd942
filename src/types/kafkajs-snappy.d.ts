declare module 'kafkajs-snappy' {
  /** The Snappy codec factory, for kafkajs' CompressionCodecs registry. */
  const SnappyCodec: () => { compress(encoder: unknown): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> };
  export = SnappyCodec;
}
