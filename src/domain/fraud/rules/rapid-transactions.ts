import { z } from 'zod';
import { clamp, type RuleHit } from './verdict';
import type { UserHistory } from './user-history';

/** Settings of rapid_transactions. */
export const rapidTransactionsSettings = z
  .object({
    enabled: z.boolean(),
    /** Purchases (this one included) within the window that fire. */
    count: z.number().int().min(2).max(100),
    /** The window's length in event time (ms), both ends included. */
    windowMs: z.number().int().min(100).max(3_600_000),
  })
  .strict();
export type RapidTransactionsSettings = z.infer<typeof rapidTransactionsSettings>;

/** The default: 3 purchases within 5 s. */
export const DEFAULT_RAPID_TRANSACTIONS: RapidTransactionsSettings = { enabled: true, count: 3, windowMs: 5000 };

/**
 * rapid_transactions: at least `count` purchases in [t - windowMs, t], this one included (the window has learnt it).
 * Score 0.45 at the count, 0.10 more per further purchase, at most 0.70.
 */
export function rapidTransactions(r: RapidTransactionsSettings, s: UserHistory, t: number): RuleHit | undefined {
  if (!r.enabled) return undefined;
  const count = s.countInWindow(t, r.windowMs);
  if (count < r.count) return undefined;
  return {
    rule: 'rapid_transactions',
    score: clamp(0.45 + 0.1 * (count - r.count), 0.45, 0.7),
    reason: `${count} purchases within ${r.windowMs / 1000} s (limit ${r.count})`,
  };
}
