import type { Transaction } from '../events/schema';

/** How many purchases with a location a user's state keeps for the travel rule. */
const GEO_HISTORY = 8;
/** How many amounts a user's state keeps for the behaviour rule. */
export const AMOUNT_HISTORY = 32;
/** How many devices a user's state remembers. */
const DEVICE_HISTORY = 32;

/** What the engine remembers of one user; every list is bounded and the whole entry is evicted by event time. */
export interface UserState {
  /** Event times and amounts of purchases within the longest window, in event-time order. */
  readonly times: number[];
  readonly amounts: number[];
  /** The latest purchases that had a usable location, in event-time order. */
  readonly geoTimes: number[];
  readonly geoLats: number[];
  readonly geoLons: number[];
  readonly deviceIds: string[];
  /** `type|os` of each known device. */
  readonly deviceShapes: string[];
  readonly deviceTypes: string[];
  readonly deviceOses: string[];
  /** ln(amount) of the latest purchases, oldest first. */
  readonly logAmounts: number[];
  count: number;
  /** Purchases learnt into the profile: those no rule flagged. */
  trusted: number;
  maxTimeMs: number;
  /** Highest severity rank alerted per dedup key (rule set and time bucket). */
  readonly alerted: Map<string, number>;
}

/** A user never seen before. */
export function emptyUserState(): UserState {
  return {
    times: [],
    amounts: [],
    geoTimes: [],
    geoLats: [],
    geoLons: [],
    deviceIds: [],
    deviceShapes: [],
    deviceTypes: [],
    deviceOses: [],
    logAmounts: [],
    count: 0,
    trusted: 0,
    maxTimeMs: -Infinity,
    alerted: new Map(),
  };
}

/** The index at which a time keeps a sorted list sorted (after equal times). */
function insertionIndex(sorted: readonly number[], t: number): number {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as number) > t) i--;
  return i;
}

/** Inserts a value at an index; appending, the in-order case, avoids splice. */
function insertAt(list: number[], i: number, value: number): void {
  if (i === list.length) list.push(value);
  else list.splice(i, 0, value);
}

/** Records a purchase in the windowed lists; `horizonMs` is how far back they must reach. */
export function rememberInWindow(s: UserState, tx: Transaction, t: number, horizonMs: number): void {
  const i = insertionIndex(s.times, t);
  insertAt(s.times, i, t);
  insertAt(s.amounts, i, tx.amount);
  if (t > s.maxTimeMs) s.maxTimeMs = t;
  // Out-of-order arrivals keep a little more than the window behind the newest event.
  const oldest = s.maxTimeMs - horizonMs;
  let drop = 0;
  while (drop < s.times.length && (s.times[drop] as number) < oldest) drop++;
  for (; drop > 0; drop--) {
    s.times.shift();
    s.amounts.shift();
  }
  s.count += 1;
}

/**
 * Records a purchase in the user's profile: where they were, and what `learn` allows of its device and amount
 * as part of the user's habit. Suspect purchases are not learnt, so that fraud never becomes normal.
 */
export function rememberInProfile(
  s: UserState,
  tx: Transaction,
  t: number,
  learn: { readonly device: boolean; readonly amount: boolean },
): void {
  const loc = tx.location;
  if (loc) {
    const g = insertionIndex(s.geoTimes, t);
    insertAt(s.geoTimes, g, t);
    insertAt(s.geoLats, g, loc.lat);
    insertAt(s.geoLons, g, loc.lon);
    if (s.geoTimes.length > GEO_HISTORY) {
      s.geoTimes.shift();
      s.geoLats.shift();
      s.geoLons.shift();
    }
  }
  const device = tx.device;
  if (learn.device && device && !s.deviceIds.includes(device.device_id)) {
    s.deviceIds.push(device.device_id);
    s.deviceShapes.push(`${device.type}|${device.os}`);
    if (!s.deviceTypes.includes(device.type)) s.deviceTypes.push(device.type);
    if (!s.deviceOses.includes(device.os)) s.deviceOses.push(device.os);
    if (s.deviceIds.length > DEVICE_HISTORY) {
      s.deviceIds.shift();
      s.deviceShapes.shift();
    }
  }
  if (!learn.amount) return;
  s.trusted += 1;
  s.logAmounts.push(Math.log(tx.amount));
  if (s.logAmounts.length > AMOUNT_HISTORY) s.logAmounts.shift();
}
