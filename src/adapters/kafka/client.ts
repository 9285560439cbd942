import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import type { Config } from '../../config';
import { kafkaSecurityOptions, type KafkaSecuritySettings } from './security';

/**
 * A kafkajs client for the configured brokers, with TLS and SASL from KAFKA_SECURITY_PROTOCOL;
 * kafkajs' own logging is off in favour of ours.
 */
export function createKafka(
  c: Pick<Config, 'kafkaBootstrapServers' | 'kafkaClientId'> & KafkaSecuritySettings,
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka({
    clientId: c.kafkaClientId,
    brokers: c.kafkaBootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
    ...kafkaSecurityOptions(c),
    ...overrides,
  });
}
