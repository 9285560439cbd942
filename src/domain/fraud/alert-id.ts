import { hash } from 'node:crypto';

/**
 * A deterministic, UUID-shaped alert id: the same user, rule set and time bucket always give the same id,
 * so a replay or an upgraded severity updates one alert instead of adding another.
 */
export function alertId(userId: string, rulesKey: string, bucket: number): string {
  // The one-shot hash: a third of the time of a Hash object for an input this short.
  const h = hash('sha1', `${userId}|${rulesKey}|${bucket}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
