/** Longest string a code holds: six 8-bit characters in each of three numbers. */
const MAX_LENGTH = 18;
/** Numbers in one code. */
export const CODE_SIZE = 3;

/**
 * Writes an exact numeric code of a short Latin-1 string to `out` (length and characters, so equal codes mean equal
 * strings) and returns true; returns false for any other string. Comparing codes kept in a user's record spares
 * reading the string kept elsewhere in memory, which for a large population is a cache miss on nearly every event.
 */
export function shortStringCode(s: string, out: Float64Array): boolean {
  const n = s.length;
  if (n > MAX_LENGTH) return false;
  // The length leads the first number, so "ab" and "ab\0" differ; 19 · 2^48 stays below 2^53.
  let part = n;
  let k = 0;
  for (let i = 0; i < MAX_LENGTH; i++) {
    const c = i < n ? s.charCodeAt(i) : 0;
    if (c > 0xff) return false;
    part = part * 256 + c;
    if (i % 6 === 5) {
      out[k++] = part;
      part = 0;
    }
  }
  return true;
}
