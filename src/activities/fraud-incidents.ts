import { log, metricMeter } from '@temporalio/activity';
import { postJson } from '../adapters/notify/webhook';
import { namespaceHasSearchAttributes } from '../adapters/temporal/search-attributes';
import { SELF_ESCALATION_BY, type IncidentEvent, type IncidentState } from '../domain/monitoring/incident';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../domain/monitoring/search-attributes';
import type { FraudActivityDeps } from './index';

/** One notification: what happened to which incident, and the incident as it is now. */
export interface IncidentNotification {
  readonly event: IncidentEvent;
  readonly at: string;
  readonly incident: IncidentState;
}

/**
 * The event as the worker's `streamify_incident_events_total{event}` counts it: an escalation by the incident itself
 * (nobody acknowledged within its timeout, stack/prometheus/alerts.yml's IncidentUnacknowledged) apart from one by a person.
 */
function countedEvent({ event, incident }: IncidentNotification): string {
  return event === 'escalated' && incident.escalations.at(-1)?.by === SELF_ESCALATION_BY ? 'self-escalated' : event;
}

/** The activities of the `fraudIncident` workflow: its notifications and its Web UI attributes. */
export function createFraudIncidentActivities({ config, kafka }: Pick<FraudActivityDeps, 'config' | 'kafka'>) {
  return {
    /** Writes the notification to the incidents topic (key: the incident key) and the log. */
    async publishIncidentEvent(notification: IncidentNotification): Promise<void> {
      const { event, incident } = notification;
      log.info(`fraud incident ${event}: ${incident.key} (${incident.severity}, ${incident.status}): ${incident.summary}`);
      await kafka.incidents.publish(incident.key, notification);
      // Counted once published, so a retried attempt counts once; the worker's /metrics serves it beside the SDK's.
      metricMeter.createCounter('streamify_incident_events', undefined, 'Fraud incident events published, by event.').add(1, {
        event: countedEvent(notification),
        severity: incident.severity,
      });
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
