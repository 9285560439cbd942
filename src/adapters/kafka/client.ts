import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import type { Config } from '../../config';

/** A kafkajs client for the configured brokers; kafkajs' own logging is off in favour of ours. */
export function createKafka(c: Pick<Config, 'kafkaBootstrapServers' | 'kafkaClientId'>, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: c.kafkaClientId,
    brokers: c.kafkaBootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
    ...overrides,
  });
}
