import { FRAUD_PATTERNS, type Alert, type FraudPattern, type RuleName, type Transaction } from '../events/schema';

/** The rule meant to catch each injected pattern. */
export const RULE_OF_PATTERN: Readonly<Record<FraudPattern, RuleName>> = {
  high_amount: 'high_amount',
  rapid_burst: 'rapid_transactions',
  velocity: 'velocity',
  impossible_travel: 'impossible_travel',
  device_takeover: 'device_anomaly',
  behavior_outlier: 'behavior_anomaly',
};

/** Detection quality for one pattern (or all of them). */
export interface PatternScore {
  /** A known pattern, or 'all': incidents of a pattern name FRAUD_PATTERNS does not list count in 'all' only. */
  readonly pattern: FraudPattern | 'all';
  readonly incidents: number;
  readonly detected: number;
  readonly alerts: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Scores alerts against the generator's ground truth. Recall counts incidents: one is detected when any
 * of its purchases raised an alert (a burst can only be seen from its third purchase on). Precision counts
 * alerts (by alert_id): a true positive is an alert on a fraudulent purchase. Per pattern, precision looks at
 * the alerts that name the pattern's rule.
 */
export function scoreDetection(transactions: readonly Transaction[], alerts: readonly Alert[]): PatternScore[] {
  const byTx = new Map(transactions.map((t) => [t.transaction_id, t]));
  const latest = new Map(alerts.map((a) => [a.alert_id, a]));
  const alertedTx = new Set([...latest.values()].map((a) => a.transaction_id));
  const incidents = new Map<string, { pattern: string; detected: boolean }>();
  for (const t of transactions) {
    const label = t.label;
    if (!label?.is_fraud || !label.pattern) continue;
    const id = label.incident_id ?? t.transaction_id;
    const incident = incidents.get(id) ?? { pattern: label.pattern, detected: false };
    incident.detected ||= alertedTx.has(t.transaction_id);
    incidents.set(id, incident);
  }
  const score = (pattern: FraudPattern | 'all'): PatternScore => {
    const mine = [...incidents.values()].filter((i) => pattern === 'all' || i.pattern === pattern);
    const relevant = [...latest.values()].filter((a) => pattern === 'all' || a.rules.includes(RULE_OF_PATTERN[pattern]));
    const truePositives = relevant.filter((a) => byTx.get(a.transaction_id)?.label?.is_fraud === true).length;
    const detected = mine.filter((i) => i.detected).length;
    const precision = ratio(truePositives, relevant.length);
    const recall = ratio(detected, mine.length);
    return {
      pattern,
      incidents: mine.length,
      detected,
      alerts: relevant.length,
      truePositives,
      precision,
      recall,
      f1: f1(precision, recall),
    };
  };
  return [...FRAUD_PATTERNS.map(score), score('all')];
}
