import type { Severity } from '../events/schema';
import type { RuleHit } from './rules/verdict';

/**
 * The combined score of the rules that fired: the chance that at least one is right, if each is right
 * with its own score (noisy-OR). One rule alone scores 0.4–0.75; every further rule raises the score.
 */
export function combinedScore(hits: readonly RuleHit[]): number {
  let allWrong = 1;
  for (const h of hits) allWrong *= 1 - h.score;
  return Math.round((1 - allWrong) * 1000) / 1000;
}

/** Severity of a combined score: CRITICAL ≥ 0.8, HIGH ≥ 0.6, MEDIUM ≥ 0.4, else LOW. */
export function severityOf(score: number): Severity {
  if (score >= 0.8) return 'CRITICAL';
  if (score >= 0.6) return 'HIGH';
  if (score >= 0.4) return 'MEDIUM';
  return 'LOW';
}
