import { log } from '@temporalio/activity';
import { postJson } from '../adapters/notify/webhook';
import { namespaceHasSearchAttributes } from '../adapters/temporal/search-attributes';
import type { IncidentEvent, IncidentState } from '../domain/monitoring/incident';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../domain/monitoring/search-attributes';
import type { FraudActivityDeps } from './index';

/** One notification: what happened to which incident, and the incident as it is now. */
export interface IncidentNotification {
  readonly event: IncidentEvent;
  readonly at: string;
  readonly incident: IncidentState;
}

/** The activities of the `fraudIncident` workflow: its notifications and its Web UI attributes. */
export function createFraudIncidentActivities({ config, kafka }: Pick<FraudActivityDeps, 'config' | 'kafka'>) {
  return {
    /** Writes the notification to the incidents topic (key: the incident key) and the log. */
    async publishIncidentEvent(notification: IncidentNotification): Promise<void> {
      const { event, incident } = notification;
      log.info(`fraud incident ${event}: ${incident.key} (${incident.severity}, ${incident.status}): ${incident.summary}`);
      await kafka.incidents.publish(incident.key, notification);
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
