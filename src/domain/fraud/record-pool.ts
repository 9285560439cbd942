/** Records per chunk: small enough that an engine with few users stays small, large enough to be rare. */
const RECORDS_PER_CHUNK = 1024;

/**
 * Fixed-size records of numbers, one per user, carved out of large Float64Arrays. Per-user history held this
 * way is no garbage-collected object: with 100,000 users the collector would otherwise spend a third of the
 * engine's time copying their arrays. A released record is handed out again; chunks are never moved, so an
 * address stays valid while its record is held.
 */
export class RecordPool {
  private readonly chunks: Float64Array[] = [];
  /** The same chunks as 32-bit words, for the numbers a record keeps in half a slot. */
  private readonly wordChunks: Uint32Array[] = [];
  private readonly released: number[] = [];
  private issued = 0;

  constructor(private readonly stride: number) {}

  /** The id of a record for a new holder, to give back on release. */
  acquire(): number {
    const reused = this.released.pop();
    if (reused !== undefined) return reused;
    if (this.issued === this.chunks.length * RECORDS_PER_CHUNK) {
      const chunk = new Float64Array(RECORDS_PER_CHUNK * this.stride);
      this.chunks.push(chunk);
      this.wordChunks.push(new Uint32Array(chunk.buffer));
    }
    return this.issued++;
  }

  /** The chunk that holds a record. */
  memoryOf(id: number): Float64Array {
    return this.chunks[Math.floor(id / RECORDS_PER_CHUNK)] as Float64Array;
  }

  /** The chunk that holds a record, as 32-bit words: a record's number at index i is words 2i and 2i + 1. */
  wordsOf(id: number): Uint32Array {
    return this.wordChunks[Math.floor(id / RECORDS_PER_CHUNK)] as Uint32Array;
  }

  /** The index of a record's first number within its chunk. */
  offsetOf(id: number): number {
    return (id % RECORDS_PER_CHUNK) * this.stride;
  }

  /** Gives a record back; its numbers are garbage until its next holder writes them. */
  release(id: number): void {
    this.released.push(id);
  }
}
