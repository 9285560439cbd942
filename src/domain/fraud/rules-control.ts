import type { RuleSet } from './rules';

/** Workflow id of the one long-running `fraudRules` workflow. */
export const FRAUD_RULES_WORKFLOW_ID = 'fraud-rules';

/** Failure type of a `setRules` update whose overrides do not make a valid rule set. */
export const INVALID_RULES = 'RuleSetError';

/** Accepted updates after which `fraudRules` continues as new, keeping its history short. */
export const DEFAULT_UPDATES_PER_RUN = 100;

/**
 * Every `group.field` an override may set: the rule set's settings, written out (the workflow bundle stays free of
 * zod) and kept equal to ruleSetSchema's by a test. Overrides are applied by this list, never by walking objects with
 * the keys they bring, so `__proto__.toString` or `constructor.prototype` can reach nothing.
 */
export const RULE_SETTING_PATHS: ReadonlySet<string> = new Set(
  Object.entries({
    highAmount: ['enabled', 'limitUsd'],
    rapidTransactions: ['enabled', 'count', 'windowMs'],
    velocity: ['enabled', 'limitUsd', 'windowMs', 'minTransactions'],
    impossibleTravel: ['enabled', 'maxSpeedKmh', 'minDistanceKm', 'minConfidence'],
    deviceAnomaly: ['enabled', 'minHistory', 'minConfidence'],
    behaviorAnomaly: ['enabled', 'minHistory', 'zScore', 'minSpread'],
    alerting: ['minSeverity', 'dedupBucketMs'],
  }).flatMap(([group, fields]) => fields.map((field) => `${group}.${field}`)),
);

/** The override paths that name no rule setting, in the order given: what a refusal names. */
export function unknownRulePaths(overrides: Readonly<Record<string, string>>): string[] {
  return Object.keys(overrides).filter((path) => !RULE_SETTING_PATHS.has(path));
}

/** The input of `fraudRules`: the rules to hold (from the previous run), else loaded from the topic. */
export interface FraudRulesInput {
  /** The rules topic it holds and publishes to; default: the worker's KAFKA_TOPIC_RULES. */
  readonly topic?: string;
  readonly rules?: RuleSet;
  readonly updatesPerRun?: number;
}

/** What a `setRules` update did. */
export interface RulesChange {
  /** The version the overrides were applied to. */
  readonly previous: RuleSet;
  /** The rules in force now (`previous` when nothing changed). */
  readonly rules: RuleSet;
  /** False when the overrides changed no value: no version was published. */
  readonly published: boolean;
}
