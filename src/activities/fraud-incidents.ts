import { log } from '@temporalio/activity';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../adapters/kafka/client';
import { ensureTopics } from '../adapters/kafka/topics';
import { postJson } from '../adapters/notify/webhook';
import { namespaceHasSearchAttributes } from '../adapters/temporal/search-attributes';
import type { IncidentEvent, IncidentState } from '../domain/monitoring/incident';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../domain/monitoring/search-attributes';
import type { ActivityDeps } from './index';

/** One notification: what happened to which incident, and the incident as it is now. */
export interface IncidentNotification {
  readonly event: IncidentEvent;
  readonly at: string;
  readonly incident: IncidentState;
}

/** The activities of the `fraudIncident` workflow: its notifications and its Web UI attributes. */
export function createFraudIncidentActivities({ config }: Pick<ActivityDeps, 'config'>) {
  const kafka: Kafka = createKafka(config);
  const topic = config.topicIncidents;
  let topicReady: Promise<unknown> | undefined;
  const ensureTopic = async (): Promise<void> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 1, replicationFactor: config.topicReplicationFactor }]);
    } finally {
      await admin.disconnect();
    }
  };

  return {
    /** Writes the notification to the incidents topic (key: the incident key) and the log. */
    async publishIncidentEvent(notification: IncidentNotification): Promise<void> {
      const { event, incident } = notification;
      log.warn(`fraud incident ${event}: ${incident.key} (${incident.severity}, ${incident.status}): ${incident.summary}`);
      // Once per worker; a failed attempt is forgotten so that the retry tries again.
      topicReady ??= ensureTopic().catch((err: unknown) => {
        topicReady = undefined;
        throw err;
      });
      await topicReady;
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: incident.key, value: JSON.stringify(notification) }] });
      } finally {
        await producer.disconnect();
      }
    },

    /** POSTs the notification to FRAUD_WEBHOOK_URL; false when none is configured. Throws on a failed delivery. */
    async postIncidentWebhook(notification: IncidentNotification): Promise<boolean> {
      if (config.fraudWebhookUrl === undefined) return false;
      await postJson(config.fraudWebhookUrl, notification);
      return true;
    },

    /** Whether the incident search attributes are registered (`streamify temporal setup`), so the workflow may set them. */
    async incidentSearchAttributesReady(): Promise<boolean> {
      return namespaceHasSearchAttributes(config, Object.values(INCIDENT_SEARCH_ATTRIBUTES));
    },
  };
}
