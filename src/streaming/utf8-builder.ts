/** Room for one piece of text before the buffer grows: UTF-8 takes at most three bytes per UTF-16 unit. */
const BYTES_PER_UNIT = 3;

/**
 * Texts written one after another as UTF-8 into a growing scratch buffer, taken out as a buffer of their exact
 * size that can be transferred to another thread.
 */
export class Utf8Builder {
  private bytes = Buffer.allocUnsafeSlow(1 << 20);
  private length = 0;

  /** Appends a text and returns where it ends. */
  append(text: string): number {
    const room = this.length + text.length * BYTES_PER_UNIT;
    if (room > this.bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, room));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.length += this.bytes.write(text, this.length);
    return this.length;
  }

  /** Where the next text would start. */
  get end(): number {
    return this.length;
  }

  /** What was appended since the last take, in a buffer of its own; the builder starts empty again. */
  take(): ArrayBuffer {
    const taken = new Uint8Array(this.length);
    taken.set(this.bytes.subarray(0, this.length));
    this.length = 0;
    return taken.buffer;
  }
}

/** Piece i of a buffer of pieces laid end to end, piece k ending at ends[k]: a view, not a copy. */
export function pieceAt(buffer: ArrayBuffer, ends: Uint32Array, i: number): Buffer {
  const start = i === 0 ? 0 : (ends[i - 1] as number);
  return Buffer.from(buffer, start, (ends[i] as number) - start);
}
