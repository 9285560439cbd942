import type { Kafka, KafkaMessage } from 'kafkajs';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import { snappyCompression } from '../../src/adapters/kafka/compression';
import { uniqueName } from './config';

/** Creates fresh topics with the given partitions; returns their names in the same order. */
export async function freshTopics(kafka: Kafka, prefixes: readonly string[], partitions = 3): Promise<string[]> {
  const names = prefixes.map((p) => uniqueName(p));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    );
  } finally {
    await admin.disconnect();
  }
  return names;
}

/**
 * Reads every committed message of the topics from the beginning until `expected` have arrived, then goes on
 * reading for `settleMs` so that a message too many (a duplicate) shows too.
 */
export async function readAll(
  kafka: Kafka,
  topics: readonly string[],
  expected: number,
  settleMs = 0,
): Promise<Array<{ topic: string; message: KafkaMessage }>> {
  snappyCompression();
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: false });
  await consumer.connect();
  const received: Array<{ topic: string; message: KafkaMessage }> = [];
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${received.length} of ${expected} messages`)), 60_000);
      if (expected === 0) {
        clearTimeout(timer);
        setTimeout(resolve, settleMs);
      }
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) received.push({ topic: batch.topic, message });
          if (received.length >= expected) {
            clearTimeout(timer);
            setTimeout(resolve, settleMs);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Messages a topic holds: the sum of its partitions' high watermarks (a topic nobody writes transactionally). */
export async function messageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The settings of a `stream all` of a test's own: topics and consumer groups named from `prefix` and unique to the
 * run, three partitions, the lake in `lakeDir`.
 */
export function ownStreamSettings(prefix: string, lakeDir: string): Record<string, string> {
  return {
    KAFKA_TOPIC_SALES: uniqueName(`${prefix}-sales`),
    KAFKA_TOPIC_ACTIVITY: uniqueName(`${prefix}-activity`),
    KAFKA_TOPIC_FRAUD: uniqueName(`${prefix}-alerts`),
    KAFKA_TOPIC_ANALYTICS: uniqueName(`${prefix}-analytics`),
    KAFKA_TOPIC_RULES: uniqueName(`${prefix}-rules`),
    KAFKA_TOPIC_PARTITIONS: '3',
    FRAUD_CONSUMER_GROUP: uniqueName(`${prefix}-fraud`),
    ANALYTICS_CONSUMER_GROUP: uniqueName(`${prefix}-analytics`),
    LAKE_CONSUMER_GROUP: uniqueName(`${prefix}-lake`),
    LAKE_URL: `file://${lakeDir}`,
  };
}
