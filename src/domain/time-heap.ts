/**
 * A min-heap of items keyed by time. Times live in a typed array next to the items, so the comparisons
 * of a sift touch contiguous memory; the order of equal times is arbitrary but deterministic.
 */
export class TimeHeap<T> {
  private times = new Float64Array(1024);
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest time held, or Infinity when empty. */
  peekTime(): number {
    return this.items.length > 0 ? (this.times[0] as number) : Infinity;
  }

  /** The earliest item, left in place. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(timeMs: number, item: T): void {
    const n = this.items.length;
    if (n === this.times.length) {
      const grown = new Float64Array(n * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.items.push(item);
    this.siftUp(n, timeMs, item);
  }

  /** Removes and returns the earliest item; undefined when empty. */
  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0] as T;
    const lastItem = this.items.pop() as T;
    if (n > 1) this.siftDown(0, this.times[n - 1] as number, lastItem);
    return top;
  }

  /** Replaces the earliest item with another (cheaper than pop then push). */
  replaceTop(timeMs: number, item: T): void {
    this.siftDown(0, timeMs, item);
  }

  private siftUp(i: number, timeMs: number, item: T): void {
    const { times, items } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime <= timeMs) break;
      times[i] = parentTime;
      items[i] = items[parent] as T;
      i = parent;
    }
    times[i] = timeMs;
    items[i] = item;
  }

  private siftDown(i: number, timeMs: number, item: T): void {
    const { times, items } = this;
    const n = items.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (times[c + 1] as number) < (times[c] as number)) c += 1;
      const childTime = times[c] as number;
      if (childTime >= timeMs) break;
      times[i] = childTime;
      items[i] = items[c] as T;
      i = c;
    }
    times[i] = timeMs;
    items[i] = item;
  }
}
