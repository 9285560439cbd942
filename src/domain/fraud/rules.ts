import { z } from 'zod';
import { SEVERITIES, type Severity } from '../events/schema';
import { unknownRulePaths } from './rules-control';
import { behaviorAnomalySettings, DEFAULT_BEHAVIOR_ANOMALY } from './rules/behaviour-score';
import { DEFAULT_DEVICE_ANOMALY, deviceAnomalySettings } from './rules/device-anomaly';
import { DEFAULT_HIGH_AMOUNT, highAmountSettings } from './rules/high-amount';
import { DEFAULT_IMPOSSIBLE_TRAVEL, impossibleTravelSettings } from './rules/impossible-travel';
import { DEFAULT_RAPID_TRANSACTIONS, rapidTransactionsSettings } from './rules/rapid-transactions';
import { DEFAULT_VELOCITY, velocitySettings } from './rules/velocity';

/** The fraud rules and thresholds as data: what the engine applies and the fraudRules workflow changes. Each rule's
 * settings, their units and its default are in its own file under rules/. */
export const ruleSetSchema = z
  .object({
    version: z.number().int().nonnegative(),
    highAmount: highAmountSettings,
    rapidTransactions: rapidTransactionsSettings,
    velocity: velocitySettings,
    impossibleTravel: impossibleTravelSettings,
    deviceAnomaly: deviceAnomalySettings,
    behaviorAnomaly: behaviorAnomalySettings,
    alerting: z
      .object({
        /** Alerts below this severity are not raised. */
        minSeverity: z.enum(SEVERITIES),
        /** One alert per user, rule combination and bucket of this length (ms, event time). */
        dedupBucketMs: z.number().int().min(1000).max(86_400_000),
      })
      .strict(),
  })
  .strict();

export type RuleSet = z.infer<typeof ruleSetSchema>;

/** The defaults of the system Streamify replaces. */
export const DEFAULT_RULES: RuleSet = {
  version: 1,
  highAmount: DEFAULT_HIGH_AMOUNT,
  rapidTransactions: DEFAULT_RAPID_TRANSACTIONS,
  velocity: DEFAULT_VELOCITY,
  impossibleTravel: DEFAULT_IMPOSSIBLE_TRAVEL,
  deviceAnomaly: DEFAULT_DEVICE_ANOMALY,
  behaviorAnomaly: DEFAULT_BEHAVIOR_ANOMALY,
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
