import { ApplicationFailure, log } from '@temporalio/activity';
import { topicsOf } from '../config';
import { DEFAULT_RULES, RuleSetError, type RuleSet } from '../domain/fraud';
import { changeRules } from '../domain/fraud/rules-change';
import { INVALID_RULES, type RulesChange } from '../domain/fraud/rules-control';
import type { FraudActivityDeps } from './index';

/** Logs a rules record the topic holds but no reader may apply. */
const warnInvalid = (reason: string): void => log.warn(`skipped an invalid rules record: ${reason}`);

/** The activities of the `fraudRules` workflow, over the compacted rules topic. */
export function createFraudRulesActivities({ config, kafka }: Pick<FraudActivityDeps, 'config' | 'kafka'>) {
  const configuredTopic = topicsOf(config).rules;

  return {
    /** The rules in force: the topic's highest version, or the defaults when none was published. */
    async loadRulesInForce({ topic = configuredTopic }: { topic?: string }): Promise<RuleSet> {
      return (await kafka.rules.latest(topic, warnInvalid)) ?? DEFAULT_RULES;
    },

    /**
     * Applies `group.field=value` overrides to the rules in force and publishes the result as the next version
     * (changeRules, as `rules set --direct` does). The base is the workflow's rules or, when someone published a
     * higher version past the workflow, that one. A bad setting or value fails for good (INVALID_RULES, the fields
     * named) and publishes nothing; overrides that change nothing publish nothing either.
     */
    async publishRuleOverrides({
      current,
      overrides,
      topic = configuredTopic,
    }: {
      current: RuleSet;
      overrides: Record<string, string>;
      topic?: string;
    }): Promise<RulesChange> {
      try {
        return await changeRules(kafka.rules, topic, overrides, { current, onInvalid: warnInvalid });
      } catch (err) {
        if (err instanceof RuleSetError) throw ApplicationFailure.nonRetryable(err.message, INVALID_RULES, err.problems);
        throw err;
      }
    },
  };
}
