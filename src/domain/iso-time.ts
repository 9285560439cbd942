let cachedSecond = NaN;
let cachedPrefix = '';

/**
 * The ISO-8601 UTC form of a time, as Date.toISOString gives it. Streams produce many events per
 * second, so the text up to the second is built once per second and reused.
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const millis = ms - second * 1000;
  const m = Math.floor(millis);
  return `${cachedPrefix}${m < 10 ? '00' : m < 100 ? '0' : ''}${m}Z`;
}
