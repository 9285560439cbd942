import type { Alert, Device, RuleName, Severity, Transaction } from '../../src/domain/events/schema';
import { SEVERITIES } from '../../src/domain/events/schema';
import { alertId } from '../../src/domain/fraud/alert-id';
import { DEFAULT_STATE_TTL_MS, SWEEP_EVERY } from '../../src/domain/fraud/engine';
import type { RuleSet } from '../../src/domain/fraud/rules';
import { RECENT_IDS } from '../../src/domain/fraud/user-state';
import { haversineKm } from '../../src/domain/geo';
import { isoTime } from '../../src/domain/iso-time';

/*
 * The plain reference fraud engine: the oracle the fast FraudEngine is checked against. Written from the rule table
 * (docs/FRAUD-RULES.md) with ordinary objects and arrays, no pools, no typed-array layout, no shortcuts: every rule
 * computes its figure in full (the exact distance, the median and MAD of the whole history) every time.
 */

/** The latest located purchases kept per user. */
const PLACES_KEPT = 8;
/** The latest trusted amounts kept per user. */
const AMOUNTS_KEPT = 32;
/** The latest devices kept per user; the types and OSes of older ones stay known. */
const DEVICES_KEPT = 32;
/** Dedup entries per user beyond which those of buckets before the previous one are forgotten. */
const DEDUP_ENTRIES_KEPT = 8;

interface Hit {
  rule: RuleName;
  score: number;
  reason: string;
}

interface WindowEntry {
  timeMs: number;
  amountUsd: number;
}

interface Place {
  timeMs: number;
  lat: number;
  lon: number;
}

interface PlainUser {
  newestMs: number;
  /** Transaction ids of the user's latest purchases, oldest first: a redelivery of one is nothing new. */
  recentIds: string[];
  /** Purchases of the window, by event time, equal times in arrival order. */
  window: WindowEntry[];
  /** The latest located purchases, by event time, equal times in arrival order. */
  places: Place[];
  /** Known devices, oldest first. */
  devices: Device[];
  retiredTypes: Set<string>;
  retiredOses: Set<string>;
  /** Amounts (USD) of the latest trusted purchases, oldest first. */
  amounts: number[];
  trusted: number;
  /** Highest severity rank alerted per `rules@bucket`. */
  alerted: Map<string, { rank: number; bucket: number }>;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const usd = (x: number): string => x.toFixed(2);
const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Inserts after every entry of the same or an earlier time: arrival breaks ties. */
function insertByTime<T extends { timeMs: number }>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as T).timeMs > entry.timeMs) i--;
  list.splice(i, 0, entry);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
}

/** Purchases of the window within [t - windowMs, t], oldest first. */
function inWindow(u: PlainUser, t: number, windowMs: number): WindowEntry[] {
  return u.window.filter((e) => e.timeMs <= t && e.timeMs >= t - windowMs);
}

function highAmount(r: RuleSet['highAmount'], tx: Transaction): Hit | undefined {
  if (!r.enabled || tx.amount <= r.limitUsd) return undefined;
  return {
    rule: 'high_amount',
    score: 0.45 + 0.25 * clamp(tx.amount / r.limitUsd - 1, 0, 1),
    reason: `amount ${usd(tx.amount)} is over the limit of ${usd(r.limitUsd)}`,
  };
}

function impossibleTravel(r: RuleSet['impossibleTravel'], u: PlainUser, tx: Transaction, t: number): Hit | undefined {
  if (!r.enabled || !tx.location) return undefined;
  const previous = u.places.filter((p) => p.timeMs <= t).at(-1);
  if (previous === undefined) return undefined;
  const hours = (t - previous.timeMs) / 3_600_000;
  const km = haversineKm(previous, tx.location);
  if (km < r.minDistanceKm) return undefined;
  const speed = hours === 0 ? Infinity : km / hours;
  if (speed <= r.maxSpeedKmh) return undefined;
  const confidence = 0.8 + 0.2 * clamp(speed / r.maxSpeedKmh - 1, 0, 1);
  if (confidence < r.minConfidence) return undefined;
  const shownSpeed = speed === Infinity ? 'no time at all' : `${Math.round(speed)} km/h`;
  return {
    rule: 'impossible_travel',
    score: 0.5 + 0.25 * ((confidence - 0.8) / 0.2),
    reason: `${Math.round(km)} km from the previous purchase in ${(hours * 60).toFixed(1)} min (${shownSpeed}, limit ${r.maxSpeedKmh} km/h)`,
  };
}

function deviceAnomaly(r: RuleSet['deviceAnomaly'], u: PlainUser, tx: Transaction): Hit | undefined {
  const d = tx.device;
  if (!r.enabled || !d || u.trusted < r.minHistory) return undefined;
  if (u.devices.some((k) => k.device_id === d.device_id)) return undefined;
  if (u.devices.some((k) => `${k.type}|${k.os}` === `${d.type}|${d.os}`)) return undefined;
  const newType = !u.devices.some((k) => k.type === d.type) && !u.retiredTypes.has(d.type);
  const newOs = !u.devices.some((k) => k.os === d.os) && !u.retiredOses.has(d.os);
  const confidence = newType && newOs ? 0.9 : newType || newOs ? 0.7 : 0.5;
  if (confidence < r.minConfidence) return undefined;
  return {
    rule: 'device_anomaly',
    score: 0.45 + 0.75 * (confidence - 0.7),
    reason: `new ${d.type} device on ${d.os} after ${u.trusted} purchases on ${u.devices.length} known device(s) (confidence ${confidence})`,
  };
}

function behaviorAnomaly(r: RuleSet['behaviorAnomaly'], u: PlainUser, tx: Transaction): Hit | undefined {
  if (!r.enabled || u.amounts.length < r.minHistory) return undefined;
  const logs = u.amounts.map((a) => Math.log(a));
  const m = median(logs);
  const mad = median(logs.map((l) => Math.abs(l - m)));
  const z = (Math.log(tx.amount) - m) / Math.max(1.4826 * mad, r.minSpread);
  if (z < r.zScore) return undefined;
  return {
    rule: 'behavior_anomaly',
    score: clamp(0.4 + 0.05 * (z - r.zScore), 0.4, 0.7),
    reason: `amount ${usd(tx.amount)} is ${(tx.amount / Math.exp(m)).toFixed(1)}x this user's median of ${usd(Math.exp(m))} (robust z ${z.toFixed(1)}, limit ${r.zScore})`,
  };
}

function rapidTransactions(r: RuleSet['rapidTransactions'], u: PlainUser, t: number): Hit | undefined {
  if (!r.enabled) return undefined;
  const count = inWindow(u, t, r.windowMs).length;
  if (count < r.count) return undefined;
  return {
    rule: 'rapid_transactions',
    score: clamp(0.45 + 0.1 * (count - r.count), 0.45, 0.7),
    reason: `${count} purchases within ${r.windowMs / 1000} s (limit ${r.count})`,
  };
}

function velocity(r: RuleSet['velocity'], u: PlainUser, t: number): Hit | undefined {
  if (!r.enabled) return undefined;
  const recent = inWindow(u, t, r.windowMs);
  if (recent.length < r.minTransactions) return undefined;
  // Added newest first, as the table says: a sum of floats depends on its order.
  const sum = recent.reduceRight((s, e) => s + e.amountUsd, 0);
  if (sum <= r.limitUsd) return undefined;
  return {
    rule: 'velocity',
    score: 0.45 + 0.25 * clamp(sum / r.limitUsd - 1, 0, 1),
    reason: `${usd(sum)} spent in ${recent.length} purchases within ${r.windowMs / 1000} s (limit ${usd(r.limitUsd)})`,
  };
}

function severityOf(score: number): Severity {
  return score >= 0.8 ? 'CRITICAL' : score >= 0.6 ? 'HIGH' : score >= 0.4 ? 'MEDIUM' : 'LOW';
}

/** The reference engine: the same contract as FraudEngine's process and setRules, in the plainest form. */
export class ReferenceFraudEngine {
  private readonly users = new Map<string, PlainUser>();
  private purchases = 0;
  private newestMs = -Infinity;

  constructor(
    private rules: RuleSet,
    private readonly stateTtlMs = DEFAULT_STATE_TTL_MS,
  ) {}

  setRules(rules: RuleSet): void {
    this.rules = rules;
  }

  process(tx: Transaction, nowMs: number): Alert | undefined {
    const t = Date.parse(tx.timestamp);
    const r = this.rules;
    let u = this.users.get(tx.user_id);
    if (u === undefined) {
      u = {
        newestMs: -Infinity,
        recentIds: [],
        window: [],
        places: [],
        devices: [],
        retiredTypes: new Set(),
        retiredOses: new Set(),
        amounts: [],
        trusted: 0,
        alerted: new Map(),
      };
      this.users.set(tx.user_id, u);
    } else if (u.recentIds.includes(tx.transaction_id)) {
      return undefined;
    }
    u.recentIds.push(tx.transaction_id);
    if (u.recentIds.length > RECENT_IDS) u.recentIds.shift();
    // 1. The profile rules, against the history before this purchase.
    const hits: Hit[] = [];
    const push = (hit: Hit | undefined): void => {
      if (hit !== undefined) hits.push(hit);
    };
    push(highAmount(r.highAmount, tx));
    push(impossibleTravel(r.impossibleTravel, u, tx, t));
    const newDevice = deviceAnomaly(r.deviceAnomaly, u, tx);
    push(newDevice);
    push(behaviorAnomaly(r.behaviorAnomaly, u, tx));
    // 2. The window learns the purchase and keeps twice the longest window behind the user's newest time.
    insertByTime(u.window, { timeMs: t, amountUsd: tx.amount });
    u.newestMs = Math.max(u.newestMs, t);
    const horizonMs = 2 * Math.max(r.rapidTransactions.windowMs, r.velocity.windowMs);
    u.window = u.window.filter((e) => e.timeMs >= u.newestMs - horizonMs);
    // 3. The window rules.
    push(rapidTransactions(r.rapidTransactions, u, t));
    push(velocity(r.velocity, u, t));
    // 4. Learn the place, the device unless it was the suspect, the amount unless anything fired.
    if (tx.location) {
      insertByTime(u.places, { timeMs: t, lat: tx.location.lat, lon: tx.location.lon });
      if (u.places.length > PLACES_KEPT) u.places.shift();
    }
    if (newDevice === undefined && tx.device && !u.devices.some((k) => k.device_id === tx.device?.device_id)) {
      u.devices.push(tx.device);
      if (u.devices.length > DEVICES_KEPT) {
        const retired = u.devices.shift() as Device;
        u.retiredTypes.add(retired.type);
        u.retiredOses.add(retired.os);
      }
    }
    if (hits.length === 0) {
      u.trusted += 1;
      u.amounts.push(tx.amount);
      if (u.amounts.length > AMOUNTS_KEPT) u.amounts.shift();
    }
    // Eviction by event time, every so many purchases.
    this.newestMs = Math.max(this.newestMs, t);
    if (++this.purchases % SWEEP_EVERY === 0) {
      for (const [userId, user] of this.users) if (user.newestMs < this.newestMs - this.stateTtlMs) this.users.delete(userId);
    }
    // 5. The alert.
    return hits.length === 0 ? undefined : this.alertFor(u, tx, t, hits, nowMs);
  }

  private alertFor(u: PlainUser, tx: Transaction, t: number, hits: Hit[], nowMs: number): Alert | undefined {
    const score = Math.round((1 - hits.reduce((allWrong, h) => allWrong * (1 - h.score), 1)) * 1000) / 1000;
    const severity = severityOf(score);
    if (rank(severity) < rank(this.rules.alerting.minSeverity)) return undefined;
    const rules = hits.map((h) => h.rule).sort();
    const bucket = Math.floor(t / this.rules.alerting.dedupBucketMs);
    const key = `${rules.join('+')}@${bucket}`;
    const before = u.alerted.get(key);
    if (before !== undefined && before.rank >= rank(severity)) return undefined;
    u.alerted.set(key, { rank: rank(severity), bucket });
    if (u.alerted.size > DEDUP_ENTRIES_KEPT) {
      for (const [k, entry] of u.alerted) if (entry.bucket < bucket - 1) u.alerted.delete(k);
    }
    return {
      alert_id: alertId(tx.user_id, rules.join('+'), bucket),
      transaction_id: tx.transaction_id,
      user_id: tx.user_id,
      rules,
      score,
      severity,
      reasons: hits.map((h) => h.reason),
      event_time: tx.timestamp,
      detected_at: isoTime(nowMs),
      rules_version: this.rules.version,
    };
  }
}
