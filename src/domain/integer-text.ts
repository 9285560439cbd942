const PADDING = ['00000', '0000', '000', '00', '0', ''];

/**
 * The decimal text of a non-negative safe integer, as String(n) gives it. Millisecond timestamps are beyond V8's
 * small integers, whose printing is fast; printed as two small halves they take less than half the time.
 */
export function integerText(n: number): string {
  if (n < 1e6) return `${n}`;
  const high = Math.floor(n / 1e6);
  const low = n - high * 1e6;
  return `${high}${PADDING[low < 10 ? 0 : low < 100 ? 1 : low < 1e3 ? 2 : low < 1e4 ? 3 : low < 1e5 ? 4 : 5]}${low}`;
}
