import { ApplicationFailure, log } from '@temporalio/activity';
import type { ITopicConfig } from 'kafkajs';
import { createKafka } from '../adapters/kafka/client';
import { publishRules, readLatestRules } from '../adapters/kafka/rules-topic';
import { ensureTopics, topicSpecs } from '../adapters/kafka/topics';
import { topicsOf } from '../config';
import { DEFAULT_RULES, RuleSetError, withOverrides, type RuleSet } from '../domain/fraud';
import { INVALID_RULES, type RulesChange } from '../domain/fraud/rules-control';
import type { ActivityDeps } from './index';

/** The activities of the `fraudRules` workflow, over the compacted rules topic. */
export function createFraudRulesActivities({ config }: Pick<ActivityDeps, 'config'>) {
  const kafka = createKafka(config);
  const configuredTopic = topicsOf(config).rules;
  // The configured topic's spec (compacted, one partition) serves any rules topic a workflow names.
  const rulesTopicSpec = topicSpecs(config).find((s) => s.topic === configuredTopic) as ITopicConfig;

  /** The highest version on the topic (created when missing), or undefined when none was published. */
  const latestOnTopic = async (topic: string): Promise<RuleSet | undefined> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ ...rulesTopicSpec, topic }]);
    } finally {
      await admin.disconnect();
    }
    return readLatestRules(kafka, topic, (reason) => log.warn(`skipped an invalid rules record: ${reason}`));
  };

  return {
    /** The rules in force: the topic's highest version, or the defaults when none was published. */
    async loadRulesInForce({ topic = configuredTopic }: { topic?: string }): Promise<RuleSet> {
      return (await latestOnTopic(topic)) ?? DEFAULT_RULES;
    },

    /**
     * Applies `group.field=value` overrides to the rules in force and publishes the result as the next version.
     * The base is the workflow's rules or, when someone published a higher version past the workflow, that one.
     * A bad setting or value fails for good (INVALID_RULES, the fields named) and publishes nothing; overrides
     * that change nothing publish nothing either.
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
      const latest = await latestOnTopic(topic);
      const base = latest !== undefined && latest.version > current.version ? latest : current;
      let next: RuleSet;
      try {
        next = withOverrides(base, overrides);
      } catch (err) {
        if (err instanceof RuleSetError) throw ApplicationFailure.nonRetryable(err.message, INVALID_RULES, err.problems);
        throw err;
      }
      if (JSON.stringify({ ...next, version: base.version }) === JSON.stringify(base))
        return { previous: base, rules: base, published: false };
      await publishRules(kafka, topic, next);
      return { previous: base, rules: next, published: true };
    },
  };
}
