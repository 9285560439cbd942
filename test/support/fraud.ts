import assert from 'node:assert/strict';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { DEFAULT_RULES, FraudEngine } from '../../src/domain/fraud';
import type { Alert } from '../../src/domain/events/schema';
import { parsePurchase } from '../../src/streaming/fraud-stream';
import { uniqueName } from './config';
import { freshTopics, readAll } from './kafka';

export interface FraudTopics {
  sales: string;
  activity: string;
  fraud: string;
  rules: string;
  dlq: { sales: string; activity: string; fraud: string };
}

/** Fresh topics for a fraud consumer: the streams with three partitions, the rules topic with one. */
export async function fraudTopics(kafka: Kafka): Promise<FraudTopics> {
  const [sales, activity, fraud, dlq] = (await freshTopics(kafka, ['sales', 'activity', 'alerts', 'sales-dlq'])) as string[];
  const [rules] = (await freshTopics(kafka, ['rules'], 1)) as string[];
  return { sales: sales!, activity: activity!, fraud: fraud!, rules: rules!, dlq: { sales: dlq!, activity: dlq!, fraud: dlq! } };
}

/** The environment of a `streamify stream fraud` child process on the given topics and group, logging JSON. */
export function fraudConsumerEnv(topics: FraudTopics, groupId: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KAFKA_TOPIC_SALES: topics.sales,
    KAFKA_TOPIC_ACTIVITY: topics.activity,
    KAFKA_TOPIC_FRAUD: topics.fraud,
    KAFKA_TOPIC_RULES: topics.rules,
    FRAUD_CONSUMER_GROUP: groupId,
    FRAUD_METRICS_PORT: '0',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  };
}

/** Sums the offsets a group has committed on a topic. */
export async function committed(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** What the engine yields over the partitions as they hold them: each in offset order, one engine per partition. */
export function expectedAlerts(messages: Array<{ partition: number; message: KafkaMessage }>): Alert[] {
  const byPartition = new Map<number, KafkaMessage[]>();
  for (const m of messages) byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m.message]);
  const alerts: Alert[] = [];
  for (const partition of byPartition.values()) {
    const engine = new FraudEngine(DEFAULT_RULES);
    for (const message of partition.sort((a, b) => Number(a.offset) - Number(b.offset))) {
      const purchase = parsePurchase(message.value, Date.now());
      const alert = purchase.ok ? engine.process(purchase.value, Date.now()) : undefined;
      if (alert !== undefined) alerts.push(alert);
    }
  }
  return alerts;
}

/**
 * Asserts that the alerts topic holds what the engine raises over the input as the partitions hold it, each alert
 * once with its severity, and enough of them to judge.
 */
export async function assertAlertsOfInput(
  kafka: Kafka,
  alertsTopic: string,
  input: Array<{ partition: number; message: KafkaMessage }>,
): Promise<void> {
  const expected = expectedAlerts(input);
  assert.ok(expected.length > 50, `enough alerts to judge (${expected.length})`);
  const actual = (await readAll(kafka, [alertsTopic], expected.length)).map((r) => JSON.parse(String(r.message.value)) as Alert);
  const key = (a: Alert): string => `${a.alert_id}/${a.severity}`;
  assert.equal(actual.length, expected.length, 'as many alerts as the engine raises over the input, none twice');
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort());
}

/** Reads `expected` messages of a topic with the partition each came from. */
export async function readPartitioned(
  kafka: Kafka,
  topic: string,
  expected: number,
): Promise<Array<{ partition: number; message: KafkaMessage }>> {
  const consumer = kafka.consumer({ groupId: uniqueName('partitioned-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: Array<{ partition: number; message: KafkaMessage }> = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) received.push({ partition: batch.partition, message });
        if (received.length >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  return received;
}
