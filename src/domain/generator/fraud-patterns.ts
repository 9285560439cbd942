import type { Device, FraudPattern, Label } from '../events/schema';
import { haversineKm } from '../geo';
import { CITIES } from './geography';
import type { Product } from './catalogue';
import { DEVICE_SHAPES, newDevice } from './population';
import { PURCHASE_COOLDOWN_MS } from './sessions';
import { recentMedian, scriptOf, type Script, type Steps, type ShopperState, type World } from './world';

/** An incident's steps, as a generator function. */
type PatternSteps = (w: World, t0: number, label: Label) => Steps;

/** Fraud is committed mostly through accounts of the suspicious segment. */
function victim(w: World, t0: number): ShopperState | undefined {
  return w.pickUser(t0, w.suspicious.length > 0 && w.rng.chance(0.6) ? w.suspicious : w.everyone);
}

/** The user's home and usual device: the fraud patterns that do not hinge on them leave them as usual. */
function usualPlace(w: World, u: ShopperState): { location: ReturnType<World['locate']>; device: Device } {
  return { location: w.locate(u.city), device: w.usualDevice(u) };
}

/** A product the user might buy any day: a category they like, at an amount in their habit as it stands now. */
function usualProduct(w: World, u: ShopperState): Product {
  const shopper = w.shopperOf(u);
  return w.productFor(w.categoryFor(shopper), w.habitualAmount(shopper));
}

/** One purchase well over the 2000.00 limit: several units of an expensive item. */
const highAmount: PatternSteps = function* (w, t0, label) {
  const u = victim(w, t0);
  if (u === undefined) return;
  const where = usualPlace(w, u);
  const sessionId = `s-${w.rng.uuid()}`;
  const product = w.productFor(w.rng.pick(['electronics', 'jewelry']), w.rng.between(700, 1900));
  const quantity = Math.ceil(2100 / product.priceUsd) + w.rng.int(0, 2);
  yield w.activity('page_view', u.user.userId, t0, sessionId, product, where.location, where.device);
  const t = t0 + w.rng.between(3_000, 20_000);
  yield w.purchase(u, t, sessionId, product, quantity, where, label, 'completed');
  w.release(u, t + PURCHASE_COOLDOWN_MS);
};

/** Card testing: three to five small purchases within a few seconds. */
const rapidBurst: PatternSteps = function* (w, t0, label) {
  const u = victim(w, t0);
  if (u === undefined) return;
  const where = usualPlace(w, u);
  const sessionId = `s-${w.rng.uuid()}`;
  const count = w.rng.int(3, 5);
  let t = t0;
  for (let i = 0; i < count; i++) {
    if (i > 0) t += w.rng.between(300, 1_200);
    const product = w.productFor(w.rng.pick(['groceries', 'books', 'beauty']), w.rng.between(5, 40));
    yield w.purchase(u, t, sessionId, product, 1, where, label);
  }
  w.release(u, t + PURCHASE_COOLDOWN_MS);
};

/** Draining an account: three or four mid-sized purchases spread over under a minute, too slow for a burst. */
const velocity: PatternSteps = function* (w, t0, label) {
  const u = victim(w, t0);
  if (u === undefined) return;
  const where = usualPlace(w, u);
  const sessionId = `s-${w.rng.uuid()}`;
  const count = w.rng.int(3, 4);
  let t = t0;
  for (let i = 0; i < count; i++) {
    if (i > 0) t += w.rng.between(6_000, 15_000);
    const product = w.productFor(w.rng.pick(['electronics', 'home', 'sports']), w.rng.between(380, 650));
    yield w.purchase(u, t, sessionId, product, 1, where, label, 'completed');
  }
  w.release(u, t + PURCHASE_COOLDOWN_MS);
};

/**
 * A purchase at home, then one from a city at least 1500 km away 2 to 30 minutes later (3000 km/h or more).
 * The user then rests long enough that their next real purchase at home is a possible journey.
 */
const impossibleTravel: PatternSteps = function* (w, t0, label) {
  const u = victim(w, t0);
  if (u === undefined) return;
  const where = usualPlace(w, u);
  const far = CITIES.filter((c) => haversineKm(c, u.city) >= 1500);
  yield w.purchase(u, t0, `s-${w.rng.uuid()}`, usualProduct(w, u), 1, where);
  const city = w.rng.pick(far);
  const t = t0 + w.rng.between(120_000, 1_800_000);
  // The usual device, so that only the travel gives the fraud away.
  const abroad = { location: w.locate(city), device: where.device };
  yield w.purchase(u, t, `s-${w.rng.uuid()}`, usualProduct(w, u), 1, abroad, label);
  w.release(u, t + (haversineKm(city, u.city) / 500) * 3_600_000);
};

/** Account takeover: a seasoned, never-defrauded account used from a new device whose type and OS it never used. */
const deviceTakeover: PatternSteps = function* (w, t0, label) {
  const u = w.pickUser(t0, w.seasoned, (s) => !s.compromised);
  if (u === undefined) return yield* highAmount(w, t0, { ...label, pattern: 'high_amount' });
  const foreign = DEVICE_SHAPES.filter(([shape]) => !u.seenDeviceTraits.has(shape.type) && !u.seenDeviceTraits.has(shape.os));
  // Someone seen on phones, desktops and tablets alike is taken over from a smart TV's browser.
  const device = newDevice(w.rng, foreign.length > 0 ? w.rng.weighted(foreign) : { type: 'tv', os: 'Tizen' });
  const where = { location: w.locate(u.city), device };
  const sessionId = `s-${w.rng.uuid()}`;
  const shopper = w.shopperOf(u);
  const product = w.productFor(w.categoryFor(shopper), w.habitualAmount(shopper) * w.rng.between(1, 2.5));
  yield w.activity('page_view', u.user.userId, t0, sessionId, product, where.location, device);
  const t = t0 + w.rng.between(5_000, 20_000);
  yield w.purchase(u, t, sessionId, product, 1, where, label, 'completed');
  w.release(u, t + PURCHASE_COOLDOWN_MS);
};

/** A seasoned, never-defrauded shopper whose purchases sit around 100.00 or less suddenly spending 15–25 times that. */
const behaviorOutlier: PatternSteps = function* (w, t0, label) {
  const u = w.pickUser(t0, w.seasoned, (s) => !s.compromised && recentMedian(s) <= 100);
  if (u === undefined) return yield* highAmount(w, t0, { ...label, pattern: 'high_amount' });
  const where = usualPlace(w, u);
  const sessionId = `s-${w.rng.uuid()}`;
  const product = w.productFor(w.rng.pick(['electronics', 'jewelry']), Math.min(1900, recentMedian(u) * w.rng.between(15, 25)));
  yield w.activity('page_view', u.user.userId, t0, sessionId, product, where.location, where.device);
  const t = t0 + w.rng.between(3_000, 20_000);
  yield w.purchase(u, t, sessionId, product, 1, where, label, 'completed');
  w.release(u, t + PURCHASE_COOLDOWN_MS);
};

/** The steps of each pattern. */
const PATTERN_STEPS: Record<FraudPattern, PatternSteps> = {
  high_amount: highAmount,
  rapid_burst: rapidBurst,
  velocity,
  impossible_travel: impossibleTravel,
  device_takeover: deviceTakeover,
  behavior_outlier: behaviorOutlier,
};

/** The script that injects one incident of a pattern starting at t0. */
export function patternScript(pattern: FraudPattern, w: World, t0: number, label: Label): Script {
  return scriptOf(PATTERN_STEPS[pattern](w, t0, label));
}
