export { FraudEngine, DEFAULT_STATE_TTL_MS, type FraudEngineOptions } from './engine';
export { DEFAULT_RULES, parseRuleSet, withOverrides, RuleSetError, ruleSetSchema, type RuleSet } from './rules';
export { combinedScore, severityOf } from './scoring';
