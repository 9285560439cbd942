import type { Alert, Transaction } from '../events/schema';
import { eventTimeMs } from '../event-time';
import { isoTime } from '../iso-time';
import { alertId } from './alert-id';
import { idHash } from './id-hash';
import { severityRank, type RuleSet } from './rules';
import { behaviorAnomaly } from './rules/behaviour-score';
import { deviceAnomaly } from './rules/device-anomaly';
import { highAmount } from './rules/high-amount';
import { impossibleTravel } from './rules/impossible-travel';
import { rapidTransactions } from './rules/rapid-transactions';
import type { RuleHit } from './rules/verdict';
import { velocity } from './rules/velocity';
import { combinedScore, severityOf } from './scoring';
import { RecordPool } from './record-pool';
import { RECORD_STRIDE, UserState } from './user-state';

/** How long (event time) a user's state outlives their last purchase. */
export const DEFAULT_STATE_TTL_MS = 24 * 3_600_000;
/** The engine looks for users to evict once per this many purchases. */
export const SWEEP_EVERY = 50_000;

/** Adds a hit to a list made only once something fires: most purchases allocate nothing. */
function collect(hits: RuleHit[] | undefined, hit: RuleHit | undefined): RuleHit[] | undefined {
  if (hit === undefined) return hits;
  if (hits === undefined) return [hit];
  hits.push(hit);
  return hits;
}

/** Options of a FraudEngine. */
export interface FraudEngineOptions {
  readonly stateTtlMs?: number;
}

/**
 * The fraud detection engine: per-user state keyed by user_id, the six rules applied in event time, a combined
 * score and severity, and one alert per user, rule set and time bucket (re-issued only when its severity rises).
 * No I/O: the stream consumer and the backtest drive it alike. Each rule is a pure function in rules/<rule>.ts of
 * the user's history (the UserHistory view of UserState) and the purchase.
 *
 * The order of detecting and learning, for each purchase, is all in `process`:
 *   0. A redelivery (a transaction id among the user's latest RECENT_IDS) is nothing new: no state change, no alert.
 *   1. Detect with the profile rules against the history before this purchase: high_amount, impossible_travel,
 *      device_anomaly, behavior_anomaly (the reasons keep this order of detection).
 *   2. Learn the purchase into the window (time and amount; the window keeps twice the longest rule window behind
 *      the user's newest event time).
 *   3. Detect with the window rules, whose count includes this purchase: rapid_transactions, velocity.
 *   4. Learn the rest: the place always (a purchase with a location); the device unless device_anomaly flagged it;
 *      the amount (and a trusted purchase) only if no rule flagged the purchase, so that fraud never becomes normal.
 *   5. Alert if any rule fired: combined score, severity, dedup per user, rule combination and time bucket.
 * Every SWEEP_EVERY purchases, users whose newest event time is more than the state TTL behind the newest seen go.
 */
export class FraudEngine {
  private readonly users = new Map<string, UserState>();
  private readonly records = new RecordPool(RECORD_STRIDE);
  private readonly stateTtlMs: number;
  private sinceSweep = 0;
  private watermarkMs = -Infinity;
  private redelivered = 0;

  constructor(
    private rules: RuleSet,
    options: FraudEngineOptions = {},
  ) {
    this.stateTtlMs = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
  }

  /** The rules in force. */
  get ruleSet(): RuleSet {
    return this.rules;
  }

  /** Applies a new rule set to every purchase from now on; the state is kept. */
  setRules(rules: RuleSet): void {
    this.rules = rules;
  }

  /** Purchases judged as nothing new: the transaction id was among the user's latest RECENT_IDS. */
  get redeliveries(): number {
    return this.redelivered;
  }

  /** Users held in memory. */
  get userCount(): number {
    return this.users.size;
  }

  /**
   * Processes one valid purchase: returns the alert it raises, if any. With `emit` false the state is updated
   * and dedup remembered but nothing is returned (rebuilding state from history raises nothing twice). A purchase
   * whose transaction id is among the user's latest (an upstream retry, a replay) changes nothing and raises nothing.
   */
  process(tx: Transaction, nowMs: number, emit = true): Alert | undefined {
    const t = eventTimeMs(tx.timestamp);
    const r = this.rules;
    const txHash = idHash(tx.transaction_id);
    let s = this.users.get(tx.user_id);
    if (s === undefined) {
      const id = this.records.acquire();
      s = new UserState(id, this.records.memoryOf(id), this.records.wordsOf(id), this.records.offsetOf(id));
      this.users.set(tx.user_id, s);
    } else if (s.sawId(txHash)) {
      this.redelivered += 1;
      return undefined;
    }
    s.rememberId(txHash);
    // 1. The profile rules, against the history before this purchase.
    let hits = collect(undefined, highAmount(r.highAmount, tx));
    hits = collect(hits, impossibleTravel(r.impossibleTravel, s, tx, t));
    const newDevice = deviceAnomaly(r.deviceAnomaly, s, tx);
    hits = collect(hits, newDevice);
    hits = collect(hits, behaviorAnomaly(r.behaviorAnomaly, s, tx));
    // 2. The window learns it; 3. the window rules count it in.
    s.rememberInWindow(t, tx.amount, Math.max(r.rapidTransactions.windowMs, r.velocity.windowMs) * 2);
    hits = collect(hits, rapidTransactions(r.rapidTransactions, s, t));
    hits = collect(hits, velocity(r.velocity, s, t));
    // 4. Suspect purchases are not learnt, so that fraud never becomes normal: a new device is learnt unless it was
    // the suspect, an amount only from a purchase nothing flagged.
    const loc = tx.location;
    if (loc) s.rememberPlace(t, loc.lat, loc.lon);
    if (newDevice === undefined && tx.device) s.rememberDevice(tx.device);
    if (hits === undefined) s.rememberAmount(tx.amount);

    if (t > this.watermarkMs) this.watermarkMs = t;
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep();
    // 5. The alert, if any.
    return hits === undefined ? undefined : this.alertFor(s, tx, t, hits, nowMs, emit);
  }

  private alertFor(s: UserState, tx: Transaction, t: number, hits: RuleHit[], nowMs: number, emit: boolean): Alert | undefined {
    const score = combinedScore(hits);
    const severity = severityOf(score);
    const rank = severityRank(severity);
    if (rank < severityRank(this.rules.alerting.minSeverity)) return undefined;
    const rules = hits.map((h) => h.rule).sort();
    const rulesKey = rules.join('+');
    const bucket = Math.floor(t / this.rules.alerting.dedupBucketMs);
    const key = `${rulesKey}@${bucket}`;
    const alerted = (s.alerted ??= new Map());
    const before = alerted.get(key);
    if (before !== undefined && before >= rank) return undefined;
    alerted.set(key, rank);
    if (alerted.size > 8) this.forgetOldBuckets(alerted, bucket);
    if (!emit) return undefined;
    return {
      alert_id: alertId(tx.user_id, rulesKey, bucket),
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

  private forgetOldBuckets(alerted: Map<string, number>, bucket: number): void {
    for (const key of alerted.keys()) {
      if (Number(key.slice(key.indexOf('@') + 1)) < bucket - 1) alerted.delete(key);
    }
  }

  /** Evicts users whose latest purchase is older than the state TTL behind the newest event time seen. */
  private sweep(): void {
    this.sinceSweep = 0;
    const oldest = this.watermarkMs - this.stateTtlMs;
    // forEach, unlike for-of, makes no entry arrays: a sweep visits every user.
    this.users.forEach((s, userId) => {
      if (s.maxTimeMs < oldest) {
        this.users.delete(userId);
        this.records.release(s.recordId);
      }
    });
  }
}
