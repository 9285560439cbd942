import type { Device } from '../events/schema';
import { haversineKm } from '../geo';
import { CITIES } from './geography';
import { newDevice } from './population';
import { recentMedian, type Script, type UserState, type World } from './world';

/** After a purchase, a user shops again no sooner than this: legitimate traffic never looks like a burst or velocity. */
export const PURCHASE_COOLDOWN_MS = 70_000;
/** Rest after a session without a purchase. */
const BROWSE_COOLDOWN_MS = 5_000;
/** Cruising speed assumed for real trips, comfortably below the impossible-travel limit of 900 km/h. */
const TRIP_SPEED_KMH = 400;

const QUANTITIES: readonly (readonly [number, number])[] = [
  [1, 85],
  [2, 10],
  [3, 5],
];

/** A shopping session: page views, perhaps an add-to-cart, perhaps a purchase of an amount in the user's habit. */
export function* legitSession(w: World, t0: number, picked?: UserState, chosenDevice?: Device): Script {
  const u = picked ?? w.pickUser(t0);
  if (u === undefined) return;
  const { rng } = w;
  const device = chosenDevice ?? w.usualDevice(u);
  let t = t0;
  const sessionId = `s-${rng.uuid()}`;
  const location = w.locate(u.city);
  const quantity = rng.weighted(QUANTITIES);
  const intended = w.productFor(w.categoryFor(u), w.habitualAmount(u) / quantity);
  const views = 1 + Math.min(7, Math.floor(rng.exponential(1.8)));
  let carted = false;
  for (let i = 0; i < views; i++) {
    const product = i === views - 1 || rng.chance(0.3) ? intended : w.productFor(w.categoryFor(u), w.habitualAmount(u));
    yield w.activity('page_view', u, t, sessionId, product, location, device);
    t += rng.between(2_000, 15_000);
    if (product === intended && !carted && rng.chance(0.4)) {
      yield w.activity('add_to_cart', u, t, sessionId, product, location, device);
      carted = true;
      t += rng.between(1_000, 8_000);
    }
  }
  if (carted && rng.chance(0.5)) {
    yield w.purchase(u, t, sessionId, intended, quantity, { location, device });
    u.busyUntilMs = t + PURCHASE_COOLDOWN_MS;
  } else {
    u.busyUntilMs = t + BROWSE_COOLDOWN_MS;
  }
}

/** Looks like high_amount but is not: a high-value user's large purchase, a few times their usual, under the limit. */
export function* largeNormalPurchase(w: World, t0: number): Script {
  const u = w.pickUser(t0, w.highValue);
  if (u === undefined) return;
  const { rng } = w;
  const sessionId = `s-${rng.uuid()}`;
  const where = { location: w.locate(u.city), device: w.usualDevice(u) };
  const category = rng.pick(['electronics', 'jewelry', 'home']);
  const usual = u.recentAmounts.length >= 3 ? recentMedian(u) : u.user.typicalSpendUsd;
  const product = w.productFor(category, Math.min(1950, usual * rng.between(2.5, 4)));
  let t = t0;
  yield w.activity('page_view', u, t, sessionId, product, where.location, where.device);
  t += rng.between(5_000, 30_000);
  yield w.activity('add_to_cart', u, t, sessionId, product, where.location, where.device);
  t += rng.between(5_000, 20_000);
  yield w.purchase(u, t, sessionId, product, 1, where, undefined, 'completed');
  u.busyUntilMs = t + PURCHASE_COOLDOWN_MS;
}

/** Looks like impossible travel but is not: a trip to another city no faster than a real journey allows. */
export function* realTrip(w: World, t0: number): Script {
  const u = w.pickUser(t0);
  if (u === undefined) return;
  const maxKm = u.purchases === 0 ? Infinity : ((t0 - u.lastPurchaseMs) / 3_600_000) * TRIP_SPEED_KMH;
  const reachable = CITIES.filter((c) => {
    const d = haversineKm(c, u.city);
    return d >= 100 && d <= maxKm;
  });
  if (reachable.length > 0) u.city = w.rng.pick(reachable);
  yield* legitSession(w, t0, u);
}

/** Looks like a device takeover but is not: a new device of a type and OS the user already uses. */
export function* newPhone(w: World, t0: number): Script {
  const u = w.pickUser(t0);
  if (u === undefined) return;
  const replacement = newDevice(w.rng, w.rng.pick(u.devices));
  u.devices.push(replacement);
  yield* legitSession(w, t0, u, replacement);
}
