import { z } from 'zod';
import type { Transaction } from '../../events/schema';
import { clamp, usd, type RuleHit } from './verdict';
import { AMOUNT_HISTORY, type UserHistory } from './user-history';

/** Settings of behavior_anomaly. */
export const behaviorAnomalySettings = z
  .object({
    enabled: z.boolean(),
    /** Amounts the history needs (trusted purchases; the latest AMOUNT_HISTORY count) before the rule judges. */
    minHistory: z.number().int().min(3).max(1000),
    /** The robust z-score (in spreads of ln amount) at or over which the rule fires. */
    zScore: z.number().positive().max(100),
    /** The least spread of ln(amount) (natural-log units), so that a user of one amount is not flagged for a cent more. */
    minSpread: z.number().positive().max(10),
  })
  .strict();
export type BehaviorAnomalySettings = z.infer<typeof behaviorAnomalySettings>;

/** The default: z ≥ 4 over at least 5 amounts, a spread of at least 0.4 (a factor of about 1.5). */
export const DEFAULT_BEHAVIOR_ANOMALY: BehaviorAnomalySettings = { enabled: true, minHistory: 5, zScore: 4, minSpread: 0.4 };

const scratch = new Float64Array(AMOUNT_HISTORY);

/** The median of the first n values of the scratch buffer, which it sorts. */
function medianOfScratch(n: number): number {
  const view = scratch.subarray(0, n).sort();
  return n % 2 === 1 ? (view[n >> 1] as number) : ((view[n / 2 - 1] as number) + (view[n / 2] as number)) / 2;
}

/**
 * behavior_anomaly: the amount is far above the user's own habit. z = (ln amount − median) / max(1.4826 · MAD,
 * minSpread) over the ln(amount) of the history; fires at z ≥ zScore. Score 0.40 at the limit, 0.05 more per unit
 * of z, at most 0.70.
 */
export function behaviorAnomaly(r: BehaviorAnomalySettings, s: UserHistory, tx: Transaction): RuleHit | undefined {
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
