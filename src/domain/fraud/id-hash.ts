/**
 * A 32-bit hash of a transaction id: FNV-1a, then MurmurHash3's finaliser so that every character reaches every
 * bit. A user's record holds RECENT_IDS of them; a real purchase is taken for a redelivery only when its hash equals
 * one of its own user's latest few, a chance near RECENT_IDS in 2^32 per purchase.
 */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
