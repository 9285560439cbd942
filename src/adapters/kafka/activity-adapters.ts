import { topicsOf, type Config } from '../../config';
import type { RulesTopic } from '../../domain/fraud/rules-change';
import { kafkaAlertsReader, type AlertsReader } from './alerts-between';
import { kafkaBrokerProbe, type BrokerProbe } from './broker-health';
import { createKafka } from './client';
import { kafkaIncidentPublisher, type IncidentPublisher } from './incident-publisher';
import { kafkaRulesTopic } from './rules-store';

/** What activities do through Kafka: publish incidents and rules, read alerts, probe the brokers. */
export interface KafkaActivityAdapters {
  readonly incidents: IncidentPublisher;
  readonly rules: RulesTopic;
  /** The fraud alerts topic (KAFKA_TOPIC_FRAUD). */
  readonly alerts: AlertsReader;
  readonly brokerProbe: BrokerProbe;
}

/** The configured brokers' adapters over one client; made once at worker start. Nothing connects until used. */
export function kafkaActivityAdapters(config: Config): KafkaActivityAdapters {
  const kafka = createKafka(config);
  const topics = topicsOf(config);
  return {
    incidents: kafkaIncidentPublisher(kafka, config.topicIncidents, config.topicReplicationFactor),
    rules: kafkaRulesTopic(kafka, config),
    alerts: kafkaAlertsReader(kafka, topics.fraud),
    brokerProbe: kafkaBrokerProbe(config),
  };
}
