import type { ITopicConfig, Kafka } from 'kafkajs';
import { topicsOf, type Config } from '../../config';
import type { RulesTopic } from '../../domain/fraud/rules-change';
import { publishRules, readLatestRules } from './rules-topic';
import { ensureTopics, topicSpecs } from './topics';

/**
 * Rules topics on the broker. Any topic is created when missing with the configured rules topic's spec (compacted,
 * one partition), so a workflow or command naming another topic gets the same kind.
 */
export function kafkaRulesTopic(kafka: Kafka, config: Config): RulesTopic {
  const spec = topicSpecs(config).find((s) => s.topic === topicsOf(config).rules) as ITopicConfig;
  return {
    async latest(topic, onInvalid) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [{ ...spec, topic }]);
      } finally {
        await admin.disconnect();
      }
      return readLatestRules(kafka, topic, onInvalid);
    },
    publish: (topic, rules) => publishRules(kafka, topic, rules),
  };
}
