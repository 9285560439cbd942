import { z } from 'zod';
import type { Transaction } from '../../events/schema';
import { haversineKm } from '../../geo';
import { clamp, type RuleHit } from './verdict';
import type { UserHistory } from './user-history';

/** Settings of impossible_travel. */
export const impossibleTravelSettings = z
  .object({
    enabled: z.boolean(),
    /** A speed (km/h) over this from the previous located purchase fires. */
    maxSpeedKmh: z.number().positive().max(100_000),
    /** Distances (km) below this never fire, however short the time: a city's own spread. */
    minDistanceKm: z.number().nonnegative(),
    /** The least confidence (0–1) that fires: 0.8 at the speed limit, 1 at twice it. */
    minConfidence: z.number().min(0).max(1),
  })
  .strict();
export type ImpossibleTravelSettings = z.infer<typeof impossibleTravelSettings>;

/** The default: faster than an airliner (900 km/h) over at least 50 km. */
export const DEFAULT_IMPOSSIBLE_TRAVEL: ImpossibleTravelSettings = {
  enabled: true,
  maxSpeedKmh: 900,
  minDistanceKm: 50,
  minConfidence: 0.8,
};

/** At least the Earth radius haversineKm uses, so that the distance bound never undercuts it. */
const EARTH_RADIUS_BOUND_KM = 6372;
const RAD = Math.PI / 180;

/**
 * impossible_travel: the great-circle speed from the user's latest located purchase at or before this one in event
 * time (not the latest to arrive) is over the limit, over at least minDistanceKm. No time at all is infinite speed.
 * Score 0.50 at the limit to 0.75 at twice it. A purchase without a location is not judged.
 */
export function impossibleTravel(r: ImpossibleTravelSettings, s: UserHistory, tx: Transaction, t: number): RuleHit | undefined {
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

/** The hit of a distance covered in some hours, if it is one: apart, so that the common path stays small. */
function travelHit(r: ImpossibleTravelSettings, km: number, hours: number): RuleHit | undefined {
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
