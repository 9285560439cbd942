import { z } from 'zod';
import { clamp, usd, type RuleHit } from './verdict';
import type { UserHistory } from './user-history';

/** Settings of velocity. */
export const velocitySettings = z
  .object({
    enabled: z.boolean(),
    /** A sum of amounts (USD) over this within the window fires. */
    limitUsd: z.number().positive(),
    /** The window's length in event time (ms), both ends included. */
    windowMs: z.number().int().min(1000).max(3_600_000),
    /** Purchases (this one included) the window must hold for the rule to look at the sum. */
    minTransactions: z.number().int().min(1).max(100),
  })
  .strict();
export type VelocitySettings = z.infer<typeof velocitySettings>;

/** The default: over 1,000.00 USD within 60 s. A single purchase over the limit is high_amount's concern: two at least. */
export const DEFAULT_VELOCITY: VelocitySettings = { enabled: true, limitUsd: 1000, windowMs: 60_000, minTransactions: 2 };

/**
 * velocity: the amounts in [t - windowMs, t], this one included (the window has learnt it), sum over the limit, with
 * at least minTransactions purchases. Score 0.45 at the limit to 0.70 at twice it.
 */
export function velocity(r: VelocitySettings, s: UserHistory, t: number): RuleHit | undefined {
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
