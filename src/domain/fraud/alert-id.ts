import { createHash } from 'node:crypto';

/**
 * A deterministic, UUID-shaped alert id: the same user, rule set and time bucket always give the same id,
 * so a replay or an upgraded severity updates one alert instead of adding another.
 */
export function alertId(userId: string, rulesKey: string, bucket: number): string {
  const h = createHash('sha1').update(`${userId}|${rulesKey}|${bucket}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
