import { z } from 'zod';
import { SEVERITIES, type Severity } from '../events/schema';
import { unknownRulePaths } from './rules-control';

/** The fraud rules and thresholds as data: what the engine applies and the fraudRules workflow changes. */
export const ruleSetSchema = z
  .object({
    version: z.number().int().nonnegative(),
    highAmount: z.object({ enabled: z.boolean(), limitUsd: z.number().positive() }).strict(),
    rapidTransactions: z
      .object({ enabled: z.boolean(), count: z.number().int().min(2).max(100), windowMs: z.number().int().min(100).max(3_600_000) })
      .strict(),
    velocity: z
      .object({
        enabled: z.boolean(),
        limitUsd: z.number().positive(),
        windowMs: z.number().int().min(1000).max(3_600_000),
        minTransactions: z.number().int().min(1).max(100),
      })
      .strict(),
    impossibleTravel: z
      .object({
        enabled: z.boolean(),
        maxSpeedKmh: z.number().positive().max(100_000),
        minDistanceKm: z.number().nonnegative(),
        minConfidence: z.number().min(0).max(1),
      })
      .strict(),
    deviceAnomaly: z
      .object({ enabled: z.boolean(), minHistory: z.number().int().min(1).max(1000), minConfidence: z.number().min(0).max(1) })
      .strict(),
    behaviorAnomaly: z
      .object({
        enabled: z.boolean(),
        minHistory: z.number().int().min(3).max(1000),
        zScore: z.number().positive().max(100),
        minSpread: z.number().positive().max(10),
      })
      .strict(),
    alerting: z.object({ minSeverity: z.enum(SEVERITIES), dedupBucketMs: z.number().int().min(1000).max(86_400_000) }).strict(),
  })
  .strict();

export type RuleSet = z.infer<typeof ruleSetSchema>;

/** The defaults of the system Streamify replaces (amounts in USD, times in ms). */
export const DEFAULT_RULES: RuleSet = {
  version: 1,
  highAmount: { enabled: true, limitUsd: 2000 },
  rapidTransactions: { enabled: true, count: 3, windowMs: 5000 },
  // A single purchase over the limit is high_amount's concern; velocity needs at least two.
  velocity: { enabled: true, limitUsd: 1000, windowMs: 60_000, minTransactions: 2 },
  impossibleTravel: { enabled: true, maxSpeedKmh: 900, minDistanceKm: 50, minConfidence: 0.8 },
  deviceAnomaly: { enabled: true, minHistory: 5, minConfidence: 0.7 },
  // A robust z-score of the log amount: (ln a - median) / max(1.4826 * MAD, minSpread).
  behaviorAnomaly: { enabled: true, minHistory: 5, zScore: 4, minSpread: 0.4 },
  alerting: { minSeverity: 'MEDIUM', dedupBucketMs: 60_000 },
};

/** Bad rules: every problem names the field. */
export class RuleSetError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid rules: ${problems.join('; ')}`);
    this.name = 'RuleSetError';
  }
}

/** Validates a rule set from outside (a file, a topic, a signal); throws a RuleSetError naming each bad field. */
export function parseRuleSet(input: unknown): RuleSet {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) throw new RuleSetError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}

/**
 * Applies `path=value` overrides (e.g. `highAmount.limitUsd=2500`, `velocity.enabled=false`) and bumps the
 * version; the result is validated as a whole.
 */
export function withOverrides(rules: RuleSet, overrides: Readonly<Record<string, string>>): RuleSet {
  const unknown = unknownRulePaths(overrides);
  if (unknown.length > 0) throw new RuleSetError(unknown.map((path) => `${path}: no such rule setting`));
  const next = structuredClone(rules) as unknown as Record<string, Record<string, unknown>>;
  for (const [path, raw] of Object.entries(overrides)) {
    // Both parts are known own keys of the rule set (RULE_SETTING_PATHS).
    const [group = '', field = ''] = path.split('.');
    const target = next[group] ?? {};
    const current = target[field];
    target[field] =
      typeof current === 'boolean'
        ? raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : raw
        : typeof current === 'number'
          ? Number(raw)
          : raw;
  }
  return parseRuleSet({ ...next, version: rules.version + 1 });
}

/** Rank of a severity, for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
