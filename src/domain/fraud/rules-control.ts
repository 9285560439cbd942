import type { RuleSet } from './rules';

/** Workflow id of the one long-running `fraudRules` workflow. */
export const FRAUD_RULES_WORKFLOW_ID = 'fraud-rules';

/** Failure type of a `setRules` update whose overrides do not make a valid rule set. */
export const INVALID_RULES = 'RuleSetError';

/** Accepted updates after which `fraudRules` continues as new, keeping its history short. */
export const DEFAULT_UPDATES_PER_RUN = 100;

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
