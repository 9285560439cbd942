import type { Transaction } from '../../src/domain/events/schema';
import { validateTransaction } from '../../src/domain/events/schema';
import { eventTimeMs } from '../../src/domain/event-time';
import { DEFAULT_RULES, withOverrides, type RuleSet } from '../../src/domain/fraud';
import { destinationPoint } from '../../src/domain/geo';
import type { Rng } from '../../src/domain/random';

/** What a stream of purchases does to an engine pair: a purchase, or new rules for both. */
export type Step = { readonly purchase: Transaction } | { readonly rules: RuleSet };

/** Which kinds of trouble an adversarial stream brings. */
export interface Trouble {
  /** Arrival order shuffled within a sliding buffer of this many purchases, with some arrivals minutes late. */
  readonly disorder?: boolean;
  /** Some times equal to the user's previous purchase, and times in other ISO forms (an offset, no milliseconds). */
  readonly equalTimes?: boolean;
  /** Locations and devices that validation turns to null, at the poles and the date line, odd device ids and shapes. */
  readonly garbage?: boolean;
  /** Amounts at and around every threshold. */
  readonly boundaryAmounts?: boolean;
  /** Users folded onto 40 and event time squeezed tenfold onto whole seconds: deep histories, bursts, equal times. */
  readonly crowd?: boolean;
  /** New rules every this many purchases. */
  readonly rulesEvery?: number;
}

/** Far enough ahead that no generated time is "in the future" for validation. */
const VALIDATION_NOW_MS = Date.parse('2031-01-01T00:00:00.000Z');
const MINUTE_MS = 60_000;

const BOUNDARY_AMOUNTS = [
  0.01, 1, 39.99, 207.99, 208.03, 400, 400.01, 499.99, 600, 999.99, 1000, 1000.01, 1999.99, 2000, 2000.01, 4000, 1_000_000,
];
/** Device types and OSes, drawn from windows that drift along the stream, so that types and OSes fall out of the
 * latest 32 devices and come back: `mobile|iOS` + `x` and `mobile` + `iOS|x` are one shape as text. */
const TYPES = ['mobile', 'desktop', 'tablet', 'mobile|iOS', 'watch', 'tv'];
const OSES = ['iOS', 'Android', 'Windows', 'x', 'iOS|x', 'macOS', 'Linux'];
/** Purchases per step of the drift. */
const DRIFT_EVERY = 4000;
const ODD_IDS = ['d-0123456789abcdefgh', 'd-0123456789abcdefghi', 'd-€uro', 'd-\u00ff', 'd-' + 'x'.repeat(100), 'd-1', 'd-1\u0000'];
const EXTREME_PLACES = [
  { lat: 90, lon: 0 },
  { lat: -90, lon: 180 },
  { lat: 0, lon: 180 },
  { lat: 0, lon: -180 },
  { lat: 0, lon: 0 },
  { lat: 51.5, lon: -0.1 },
  { lat: -33.9, lon: 151.2 },
];

/** The user's latest located purchase as the stream has it so far. */
interface LastPlace {
  readonly timeMs: number;
  readonly lat: number;
  readonly lon: number;
}

/** A place just inside or outside the default travel thresholds from the last one: 50 km, or 900 km/h. */
function nearThreshold(last: LastPlace, t: number, rng: Rng): { lat: number; lon: number } {
  const hours = Math.max(0, t - last.timeMs) / 3_600_000;
  const km = (rng.chance(0.5) ? 50 : Math.max(50, 900 * hours)) * rng.between(0.98, 1.02);
  return destinationPoint(last, km, rng.between(0, 360));
}

/** Every rule setting with values it may take: some near the defaults, some far. */
const SETTING_VALUES: Readonly<Record<string, readonly string[]>> = {
  'highAmount.enabled': ['true', 'false'],
  'highAmount.limitUsd': ['500', '1999.99', '2000', '10000'],
  'rapidTransactions.enabled': ['true', 'false'],
  'rapidTransactions.count': ['2', '3', '5'],
  'rapidTransactions.windowMs': ['100', '5000', '60000', '600000'],
  'velocity.enabled': ['true', 'false'],
  'velocity.limitUsd': ['300', '1000', '5000'],
  'velocity.windowMs': ['1000', '60000', '3600000'],
  'velocity.minTransactions': ['1', '2', '4'],
  'impossibleTravel.enabled': ['true', 'false'],
  'impossibleTravel.maxSpeedKmh': ['100', '900', '5000'],
  'impossibleTravel.minDistanceKm': ['0', '50', '500'],
  'impossibleTravel.minConfidence': ['0', '0.8', '0.9', '1'],
  'deviceAnomaly.enabled': ['true', 'false'],
  'deviceAnomaly.minHistory': ['1', '5', '20'],
  'deviceAnomaly.minConfidence': ['0.5', '0.7', '0.9'],
  'behaviorAnomaly.enabled': ['true', 'false'],
  'behaviorAnomaly.minHistory': ['3', '5', '32', '40'],
  'behaviorAnomaly.zScore': ['1', '4', '8'],
  'behaviorAnomaly.minSpread': ['0.05', '0.4', '2'],
  'alerting.minSeverity': ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
  'alerting.dedupBucketMs': ['1000', '60000', '3600000'],
};

/** The next rules: a few settings of the current ones changed through the same path `rules set` takes. */
export function changedRules(rules: RuleSet, rng: Rng): RuleSet {
  const paths = Object.keys(SETTING_VALUES);
  const overrides: Record<string, string> = {};
  for (let i = rng.int(1, 4); i > 0; i--) {
    const path = rng.pick(paths);
    overrides[path] = rng.pick(SETTING_VALUES[path] as readonly string[]);
  }
  return withOverrides(rules, overrides);
}

/** A time in another valid ISO form: +02:00, or without milliseconds when it has none. */
function otherIsoForm(t: number, rng: Rng): string {
  if (t % 1000 === 0 && rng.chance(0.5)) return `${new Date(t).toISOString().slice(0, 19)}Z`;
  return `${new Date(t + 2 * 3_600_000).toISOString().slice(0, 23)}+02:00`;
}

/**
 * One purchase made troublesome: fields as they would arrive on the wire, and whether any field but the id, the
 * time and the amount changed (a generated purchase with only those changed is valid by construction).
 */
function troubled(
  p: Transaction,
  id: string,
  t: number,
  trouble: Trouble,
  rng: Rng,
  previousMs: number | undefined,
  last: LastPlace | undefined,
  drift: number,
): { raw: Record<string, unknown>; altered: boolean } {
  const raw: Record<string, unknown> = { ...p, transaction_id: id, timestamp: new Date(t).toISOString() };
  let altered = false;
  if (trouble.equalTimes && previousMs !== undefined && rng.chance(0.15)) raw.timestamp = new Date(previousMs).toISOString();
  if (trouble.equalTimes && rng.chance(0.05)) {
    raw.timestamp = otherIsoForm(Date.parse(raw.timestamp as string), rng);
    altered = true;
  }
  if (trouble.boundaryAmounts && rng.chance(0.1)) raw.amount = rng.pick(BOUNDARY_AMOUNTS);
  if (trouble.garbage) {
    const l = rng.next();
    if (l < 0.04) raw.location = null;
    else if (l < 0.06) raw.location = { country: 'XX', city: 'Nowhere', lat: 200, lon: 0 };
    else if (l < 0.08) raw.location = { country: 'XX', city: 'Nowhere', lat: '12', lon: 'x' };
    else if (l < 0.12) raw.location = { country: 'XX', city: 'Edge', ...rng.pick(EXTREME_PLACES) };
    else if (l < 0.16 && last !== undefined) raw.location = { country: 'XX', city: 'Near', ...nearThreshold(last, t, rng) };
    const d = rng.next();
    const shape = [TYPES[(drift + rng.int(0, 1)) % TYPES.length], OSES[(drift + rng.int(0, 2)) % OSES.length]];
    if (d < 0.04) raw.device = null;
    else if (d < 0.06) raw.device = { device_id: '', type: 'mobile', os: 'iOS', ip: '' };
    else if (d < 0.1) raw.device = { device_id: rng.pick(ODD_IDS), type: shape[0], os: shape[1], ip: '' };
    else if (d < 0.2) raw.device = { device_id: `d-${rng.int(0, 200)}`, type: shape[0], os: shape[1], ip: '' };
    altered ||= l < 0.16 || d < 0.2;
  }
  return { raw, altered };
}

/**
 * The purchases given, made adversarial as `trouble` says and validated as the stream validates them (what fails
 * validation is left out, as it would go to the DLQ), with new rules every `rulesEvery` purchases. Transaction ids
 * stay unique.
 */
export function adversarial(purchases: readonly Transaction[], trouble: Trouble, rng: Rng, tag: string): Step[] {
  const steps: Step[] = [];
  let rules = DEFAULT_RULES;
  const previousByUser = new Map<string, number>();
  const lastPlaceByUser = new Map<string, LastPlace>();
  const buffer: Transaction[] = [];
  let n = 0;
  const emit = (p: Transaction): void => {
    steps.push({ purchase: p });
    if (trouble.rulesEvery !== undefined && ++n % trouble.rulesEvery === 0) {
      rules = changedRules(rules, rng);
      steps.push({ rules });
    }
  };
  const startMs = purchases[0] === undefined ? 0 : eventTimeMs(purchases[0].timestamp);
  purchases.forEach((p, i) => {
    let t = eventTimeMs(p.timestamp);
    if (trouble.crowd) {
      t = startMs + Math.round((t - startMs) / 10_000) * 1000;
      p = { ...p, user_id: `crowd-${rng.int(0, 39)}` };
    }
    if (trouble.disorder && rng.chance(0.01)) t -= rng.int(1, 10) * MINUTE_MS;
    const drift = Math.floor(i / DRIFT_EVERY);
    const { raw, altered } = troubled(
      p,
      `${p.transaction_id}-${tag}${i}`,
      t,
      trouble,
      rng,
      previousByUser.get(p.user_id),
      lastPlaceByUser.get(p.user_id),
      drift,
    );
    // Only what the stream would let through: garbage that validation turns to null, never what it rejects.
    const valid = altered ? validateTransaction(raw, VALIDATION_NOW_MS) : { ok: true as const, value: raw as Transaction };
    if (!valid.ok) return;
    const timeMs = eventTimeMs(valid.value.timestamp);
    previousByUser.set(valid.value.user_id, timeMs);
    const place = valid.value.location;
    if (place) lastPlaceByUser.set(valid.value.user_id, { timeMs, lat: place.lat, lon: place.lon });
    if (!trouble.disorder) return emit(valid.value);
    buffer.push(valid.value);
    if (buffer.length >= 32) emit(buffer.splice(rng.int(0, buffer.length - 1), 1)[0] as Transaction);
  });
  for (const p of buffer) emit(p);
  return steps;
}
