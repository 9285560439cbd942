import { createHmac } from 'node:crypto';
import { z } from 'zod';

/**
 * What the lake holds instead of what names a person or their device. The stream's engines still see the raw
 * values in memory (impossible travel needs the coordinates, device anomaly the device id); the lake, the
 * curated tables and the warehouse get these.
 */
export interface Pseudonyms {
  /** The keyed hash of an email: HMAC-SHA-256 under the key, lowercase hex, alike for any case of the address. */
  email(address: string): string;
  /** The keyed hash of a device id under a key derived from the email key: same device, same hash; no join with emails. */
  deviceId(id: string): string;
}

/** The label the device-id key is derived with: a hash of an id never equals the hash of an equal email. */
const DEVICE_KEY_LABEL = 'streamify device_id';

/** The pseudonyms under one key (EMAIL_HASH_KEY): the same in every process, so hours hashed apart still join. */
export function pseudonymsOf(key: string): Pseudonyms {
  const deviceKey = createHmac('sha256', key).update(DEVICE_KEY_LABEL).digest();
  return {
    email: (address) => createHmac('sha256', key).update(address.trim().toLowerCase()).digest('hex'),
    deviceId: (id) => createHmac('sha256', deviceKey).update(id).digest('hex'),
  };
}

/** Bits of an address the lake keeps: the network, not the host (a /24 holds 256 IPv4 hosts, a /48 a site). */
export const IPV4_PREFIX_BITS = 24;
export const IPV6_PREFIX_BITS = 48;

const IPV4 = z.ipv4();
const IPV6 = z.ipv6();

/**
 * The network an IP address belongs to, in CIDR notation: `203.0.113.0/24`, `2001:db8:1::/48`. Enough for
 * "same network" and country-level questions, not enough to name a subscriber. Anything that is not an address
 * gives null: the lake never keeps text it cannot truncate.
 */
export function ipPrefix(ip: string): string | null {
  const address = ip.trim().replace(/%.*$/, '');
  if (IPV4.safeParse(address).success) return `${address.split('.').slice(0, 3).join('.')}.0/${IPV4_PREFIX_BITS}`;
  if (!IPV6.safeParse(address).success) return null;
  const [head = '', tail] = address.split('::');
  // With "::", the groups before it are followed by zeros; the first three groups are all a /48 keeps.
  const groups = tail === undefined ? head.split(':') : [...head.split(':').filter((g) => g !== ''), '0', '0', '0'];
  const network = groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16));
  return `${network.join(':')}::/${IPV6_PREFIX_BITS}`;
}

/** Decimals of a coordinate the lake keeps: 0.1° is about 11 km, the size of a city, not of a street. */
const COORDINATE_DECIMALS = 1;

/** A latitude or longitude at city level. */
export function cityLevel(degrees: number): number {
  const scale = 10 ** COORDINATE_DECIMALS;
  return Math.round(degrees * scale) / scale;
}
