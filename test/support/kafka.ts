import type { Kafka, KafkaMessage } from 'kafkajs';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import { snappyCompression } from '../../src/adapters/kafka/compression';
import { uniqueName } from './config';
import { readToEnd } from './read-to-end';

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

/** Writes one keyed message to a fresh topic and reads it back with a consumer of a group of its own. */
export async function roundTrip(
  kafka: Kafka,
  prefix: string,
  sent: { key: string; value: string },
  partitions = 3,
): Promise<{ key: string; value: string }> {
  const [topic] = (await freshTopics(kafka, [prefix], partitions)) as [string];
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [sent] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName(`${prefix}-group`) });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }) });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Every committed message of the topics, once at least `expected` have arrived: it waits for that many, then reads
 * each topic read-committed to the end offsets it has then, so that a message too many (a duplicate) written by
 * that moment is counted too, without waiting for quiet.
 */
export async function readAll(
  kafka: Kafka,
  topics: readonly string[],
  expected: number,
): Promise<Array<{ topic: string; message: KafkaMessage }>> {
  if (expected > 0) await untilArrived(kafka, topics, expected);
  const read: Array<{ topic: string; message: KafkaMessage }> = [];
  for (const topic of topics) for (const message of await readToEnd(kafka, topic)) read.push({ topic, message });
  return read;
}

/** Resolves once `expected` committed messages of the topics are readable; rejects naming how many were after a minute. */
async function untilArrived(kafka: Kafka, topics: readonly string[], expected: number): Promise<void> {
  snappyCompression();
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: false });
  await consumer.connect();
  let received = 0;
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${received} of ${expected} messages of ${topics.join(', ')}`)), 60_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          received += batch.messages.length;
          if (received < expected) return;
          clearTimeout(timer);
          resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
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
