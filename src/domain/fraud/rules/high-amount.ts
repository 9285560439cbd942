import { z } from 'zod';
import type { Transaction } from '../../events/schema';
import { clamp, usd, type RuleHit } from './verdict';

/** Settings of high_amount. */
export const highAmountSettings = z
  .object({
    enabled: z.boolean(),
    /** A purchase over this amount (USD) fires; at twice it or more the rule is fully sure. */
    limitUsd: z.number().positive(),
  })
  .strict();
export type HighAmountSettings = z.infer<typeof highAmountSettings>;

/** The default: over 2,000.00 USD. */
export const DEFAULT_HIGH_AMOUNT: HighAmountSettings = { enabled: true, limitUsd: 2000 };

/** high_amount: the amount is over the limit. Needs no history. Score 0.45 at the limit to 0.70 at twice it. */
export function highAmount(r: HighAmountSettings, tx: Transaction): RuleHit | undefined {
  if (!r.enabled || !(tx.amount > r.limitUsd)) return undefined;
  return {
    rule: 'high_amount',
    score: 0.45 + 0.25 * clamp(tx.amount / r.limitUsd - 1, 0, 1),
    reason: `amount ${usd(tx.amount)} is over the limit of ${usd(r.limitUsd)}`,
  };
}
