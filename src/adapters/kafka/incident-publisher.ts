import type { Kafka } from 'kafkajs';
import { ensureTopics } from './topics';

/** Where incident notifications go: the incidents topic. */
export interface IncidentPublisher {
  /** Writes one notification (JSON) under the incident's key, acknowledged by every in-sync replica. */
  publish(key: string, notification: unknown): Promise<void>;
}

/** The incidents topic on the broker, created (one partition, so one incident's notifications stay in order) on first use. */
export function kafkaIncidentPublisher(kafka: Kafka, topic: string, replicationFactor: number): IncidentPublisher {
  let topicReady: Promise<unknown> | undefined;
  const ensureTopic = async (): Promise<void> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 1, replicationFactor }]);
    } finally {
      await admin.disconnect();
    }
  };
  return {
    async publish(key, notification) {
      // Once per process; a failed attempt is forgotten so that the retry tries again.
      topicReady ??= ensureTopic().catch((err: unknown) => {
        topicReady = undefined;
        throw err;
      });
      await topicReady;
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(notification) }] });
      } finally {
        await producer.disconnect();
      }
    },
  };
}
