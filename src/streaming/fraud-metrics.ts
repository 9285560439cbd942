import { Counter, Gauge, Histogram } from 'prom-client';
import { processRegistry } from './stream-metrics';

/** The fraud consumer's Prometheus metrics, in a registry of their own. */
export function fraudMetrics() {
  const registry = processRegistry();
  return {
    registry,
    processed: new Counter({
      name: 'streamify_fraud_events_processed_total',
      help: 'Input messages handled (valid or not).',
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'streamify_fraud_alerts_total',
      help: 'Alerts committed to fraud_alerts, by severity.',
      labelNames: ['severity'] as const,
      registers: [registry],
    }),
    ruleHits: new Counter({
      name: 'streamify_fraud_rule_hits_total',
      help: 'Rules named by committed alerts, by rule and the alert’s severity (an alert of two rules counts for each).',
      labelNames: ['rule', 'severity'] as const,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'streamify_fraud_dlq_total',
      help: 'Invalid messages sent to the dead-letter topic.',
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'streamify_fraud_event_to_alert_seconds',
      help: 'From a purchase’s event time to the commit of its alert.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'streamify_fraud_consumer_lag',
      help: 'Messages behind the end of each input partition after the last committed batch.',
      labelNames: ['topic', 'partition'] as const,
      registers: [registry],
    }),
    users: new Gauge({ name: 'streamify_fraud_users_in_state', help: 'Users held in memory over all partitions.', registers: [registry] }),
    redeliveries: new Gauge({
      name: 'streamify_fraud_redelivered_purchases',
      help: 'Purchases judged as nothing new (their transaction id among the user’s latest 8) by the engines held now.',
      registers: [registry],
    }),
    rulesVersion: new Gauge({ name: 'streamify_fraud_rules_version', help: 'Version of the rules in force.', registers: [registry] }),
  };
}

export type FraudMetrics = ReturnType<typeof fraudMetrics>;
