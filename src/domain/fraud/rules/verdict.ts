import type { RuleName } from '../../events/schema';

/** A rule's verdict on a purchase that it flags: its name, its own score (0–1) and a reason with the numbers. */
export interface RuleHit {
  readonly rule: RuleName;
  readonly score: number;
  readonly reason: string;
}

/** x held within [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** An amount as reasons show it: two decimals. */
export const usd = (x: number): string => x.toFixed(2);
