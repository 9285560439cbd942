/**
 * A 53-bit hash of a transaction id, exact in a double: two 32-bit multiplicative hashes (FNV-1a's and
 * MurmurHash2's multipliers) computed in one pass. Two of a user's few latest ids collide with a chance near
 * 2^-50, so a real purchase is practically never taken for a redelivery.
 */
export function idHash(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  b ^= b >>> 15;
  return (a >>> 11) * 0x1_0000_0000 + (b >>> 0);
}
