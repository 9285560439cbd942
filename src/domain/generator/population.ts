import type { Faker } from '@faker-js/faker';
import type { Device, PaymentMethod, Segment } from '../events/schema';
import type { Rng } from '../random';
import { CATEGORIES } from './catalogue';
import { WEIGHTED_CITIES, type City } from './geography';

/** A persistent shopper: who they are, where they live, what they use and how much they usually spend. */
export interface User {
  readonly userId: string;
  readonly segment: Segment;
  readonly email: string;
  readonly cardLast4: string;
  readonly home: City;
  readonly devices: readonly Device[];
  readonly paymentMethod: PaymentMethod;
  readonly favouriteCategories: readonly string[];
  /** Median of the user's purchase amounts (USD). */
  readonly typicalSpendUsd: number;
  /** Spread of the user's amounts, as the standard deviation of their logarithm. */
  readonly spendSpread: number;
}

/** Device shapes people really use: type with the operating systems seen on it. */
export const DEVICE_SHAPES: readonly (readonly [Pick<Device, 'type' | 'os'>, number])[] = [
  [{ type: 'mobile', os: 'iOS' }, 28],
  [{ type: 'mobile', os: 'Android' }, 32],
  [{ type: 'desktop', os: 'Windows' }, 20],
  [{ type: 'desktop', os: 'macOS' }, 10],
  [{ type: 'desktop', os: 'Linux' }, 2],
  [{ type: 'tablet', os: 'iPadOS' }, 5],
  [{ type: 'tablet', os: 'Android' }, 3],
];

const PAYMENT_WEIGHTS: readonly (readonly [PaymentMethod, number])[] = [
  ['credit_card', 38],
  ['debit_card', 22],
  ['paypal', 16],
  ['apple_pay', 11],
  ['google_pay', 8],
  ['bank_transfer', 5],
];

const SEGMENT_WEIGHTS: readonly (readonly [Segment, number])[] = [
  ['normal', 70],
  ['high_value', 20],
  ['suspicious', 10],
];

/** Typical spend (USD) per segment: median range and log-spread. */
const SPEND: Record<Segment, { min: number; max: number; spread: number }> = {
  normal: { min: 20, max: 90, spread: 0.45 },
  high_value: { min: 150, max: 450, spread: 0.4 },
  suspicious: { min: 25, max: 120, spread: 0.5 },
};

/** A random public-looking IPv4 address. */
export function randomIp(rng: Rng): string {
  return `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A device of the given shape with a fresh id. */
export function newDevice(rng: Rng, shape: Pick<Device, 'type' | 'os'>): Device {
  return { device_id: `d-${rng.uuid().slice(0, 13)}`, type: shape.type, os: shape.os, ip: randomIp(rng) };
}

/** Builds `size` users: names and emails from Faker, everything else from the seeded generator. */
export function buildPopulation(faker: Faker, rng: Rng, size: number): User[] {
  const users: User[] = [];
  for (let i = 0; i < size; i++) {
    const segment = rng.weighted(SEGMENT_WEIGHTS);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const primary = rng.weighted(DEVICE_SHAPES);
    const devices = [newDevice(rng, primary)];
    if (rng.chance(0.35)) devices.push(newDevice(rng, rng.weighted(DEVICE_SHAPES)));
    const spend = SPEND[segment];
    const favourites = new Set<string>();
    while (favourites.size < 3) favourites.add(rng.pick(CATEGORIES).name);
    users.push({
      userId: `u-${String(i + 1).padStart(6, '0')}`,
      segment,
      email: faker.internet.email({ firstName: first, lastName: last }).toLowerCase(),
      cardLast4: String(rng.int(0, 9999)).padStart(4, '0'),
      home: rng.weighted(WEIGHTED_CITIES),
      devices,
      paymentMethod: rng.weighted(PAYMENT_WEIGHTS),
      favouriteCategories: [...favourites],
      typicalSpendUsd: Math.round(rng.between(spend.min, spend.max) * 100) / 100,
      spendSpread: spend.spread,
    });
  }
  return users;
}
