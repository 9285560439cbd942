import type { RuleName, Transaction } from '../events/schema';
import { haversineKm } from '../geo';
import type { RuleSet } from './rules';
import { AMOUNT_HISTORY, type UserState } from './user-state';

/** A rule that fired: its name, its own score (0–1) and a reason with the numbers. */
export interface RuleHit {
  readonly rule: RuleName;
  readonly score: number;
  readonly reason: string;
}

/** At least the Earth radius haversineKm uses, so that the travel rule's distance bound never undercuts it. */
const EARTH_RADIUS_BOUND_KM = 6372;
const RAD = Math.PI / 180;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const usd = (x: number): string => x.toFixed(2);

/** amount > limit. */
export function highAmount(r: RuleSet['highAmount'], tx: Transaction): RuleHit | undefined {
  if (!r.enabled || !(tx.amount > r.limitUsd)) return undefined;
  return {
    rule: 'high_amount',
    score: 0.45 + 0.25 * clamp(tx.amount / r.limitUsd - 1, 0, 1),
    reason: `amount ${usd(tx.amount)} is over the limit of ${usd(r.limitUsd)}`,
  };
}

/** At least N purchases within S seconds, this one included. */
export function rapidTransactions(r: RuleSet['rapidTransactions'], s: UserState, t: number): RuleHit | undefined {
  if (!r.enabled) return undefined;
  const count = s.countInWindow(t, r.windowMs);
  if (count < r.count) return undefined;
  return {
    rule: 'rapid_transactions',
    score: clamp(0.45 + 0.1 * (count - r.count), 0.45, 0.7),
    reason: `${count} purchases within ${r.windowMs / 1000} s (limit ${r.count})`,
  };
}

/** Sum of amounts within the window, this one included, over the limit, with at least minTransactions purchases. */
export function velocity(r: RuleSet['velocity'], s: UserState, t: number): RuleHit | undefined {
  if (!r.enabled) return undefined;
  const count = s.countInWindow(t, r.windowMs);
  if (count < r.minTransactions) return undefined;
  const sum = s.sumInWindow(t, r.windowMs);
  if (!(sum > r.limitUsd)) return undefined;
  return {
    rule: 'velocity',
    score: 0.45 + 0.25 * clamp(sum / r.limitUsd - 1, 0, 1),
    reason: `${usd(sum)} spent in ${count} purchases within ${r.windowMs / 1000} s (limit ${usd(r.limitUsd)})`,
  };
}

/** The speed implied from the previous located purchase (by event time) exceeds the limit over enough distance. */
export function impossibleTravel(r: RuleSet['impossibleTravel'], s: UserState, tx: Transaction, t: number): RuleHit | undefined {
  const loc = tx.location;
  if (!r.enabled || !loc) return undefined;
  const p = s.latestPlaceAtOrBefore(t);
  if (p < 0) return undefined;
  const hours = (t - s.placeTimeMs(p)) / 3_600_000;
  const lat0 = s.placeLat(p);
  const lon0 = s.placeLon(p);
  // Most purchases are near the previous one, or long enough after it for any distance: an upper bound of the
  // distance settles them without the trigonometry of the exact one. Along the straight line in latitude and
  // longitude the sphere's metric is at most R·√(Δφ² + Δλ²) (cos φ ≤ 1), and no path beats the great circle; the
  // argument needs real latitudes, the radius is at least haversineKm's and the factor covers rounding.
  if (Math.abs(lat0) <= 90 && Math.abs(loc.lat) <= 90) {
    const dLat = (loc.lat - lat0) * RAD;
    const dLon = (loc.lon - lon0) * RAD;
    const boundKm = EARTH_RADIUS_BOUND_KM * Math.sqrt(dLat * dLat + dLon * dLon) * (1 + 1e-6);
    if (boundKm < r.minDistanceKm || boundKm < r.maxSpeedKmh * hours) return undefined;
  }
  return travelHit(r, haversineKm({ lat: lat0, lon: lon0 }, loc), hours);
}

/** The impossible_travel hit of a distance covered in some hours, if it is one: apart, so that the common path stays small. */
function travelHit(r: RuleSet['impossibleTravel'], km: number, hours: number): RuleHit | undefined {
  if (km < r.minDistanceKm) return undefined;
  const speed = hours === 0 ? Infinity : km / hours;
  if (!(speed > r.maxSpeedKmh)) return undefined;
  // At the limit the rule is 80% sure; twice the limit or more, fully.
  const confidence = 0.8 + 0.2 * clamp(speed / r.maxSpeedKmh - 1, 0, 1);
  if (confidence < r.minConfidence) return undefined;
  const shownSpeed = Number.isFinite(speed) ? `${Math.round(speed)} km/h` : 'no time at all';
  return {
    rule: 'impossible_travel',
    score: 0.5 + 0.25 * ((confidence - 0.8) / 0.2),
    reason: `${Math.round(km)} km from the previous purchase in ${(hours * 60).toFixed(1)} min (${shownSpeed}, limit ${r.maxSpeedKmh} km/h)`,
  };
}

/**
 * A device never seen for a user with enough trusted history (purchases no rule flagged: a burst of fraud is no
 * history), whose type and OS match no known device.
 */
export function deviceAnomaly(r: RuleSet['deviceAnomaly'], s: UserState, tx: Transaction): RuleHit | undefined {
  const d = tx.device;
  if (!r.enabled || !d || s.trusted < r.minHistory || s.knowsDevice(d.device_id)) return undefined;
  if (s.knowsShape(d.type, d.os)) return undefined;
  const newType = !s.knowsType(d.type);
  const newOs = !s.knowsOs(d.os);
  const confidence = newType && newOs ? 0.9 : newType || newOs ? 0.7 : 0.5;
  if (confidence < r.minConfidence) return undefined;
  return {
    rule: 'device_anomaly',
    score: 0.45 + 0.75 * (confidence - 0.7),
    reason: `new ${d.type} device on ${d.os} after ${s.trusted} purchases on ${s.deviceCount} known device(s) (confidence ${confidence})`,
  };
}

const scratch = new Float64Array(AMOUNT_HISTORY);

/** The median of the first n values of the scratch buffer, which it sorts. */
function medianOfScratch(n: number): number {
  const view = scratch.subarray(0, n).sort();
  return n % 2 === 1 ? (view[n >> 1] as number) : ((view[n / 2 - 1] as number) + (view[n / 2] as number)) / 2;
}

/** The amount is far above the user's own history: robust z-score of ln(amount) over the threshold. */
export function behaviorAnomaly(r: RuleSet['behaviorAnomaly'], s: UserState, tx: Transaction): RuleHit | undefined {
  const n = s.amountHistory;
  if (!r.enabled || n < r.minHistory) return undefined;
  const la = Math.log(tx.amount);
  // The median is at least the minimum and the spread at least minSpread: most purchases stop here.
  if (la - s.minLogAmount() < r.zScore * r.minSpread) return undefined;
  s.copyLogAmounts(scratch);
  const median = medianOfScratch(n);
  s.copyLogAmounts(scratch);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs((scratch[i] as number) - median);
  const mad = medianOfScratch(n);
  const z = (la - median) / Math.max(1.4826 * mad, r.minSpread);
  if (z < r.zScore) return undefined;
  return {
    rule: 'behavior_anomaly',
    score: clamp(0.4 + 0.05 * (z - r.zScore), 0.4, 0.7),
    reason: `amount ${usd(tx.amount)} is ${(tx.amount / Math.exp(median)).toFixed(1)}x this user's median of ${usd(Math.exp(median))} (robust z ${z.toFixed(1)}, limit ${r.zScore})`,
  };
}
