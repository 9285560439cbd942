import type { Severity } from '../events/schema';
import type { BaselineComparison } from './baseline';
import type { AlertWindowSummary } from './summary';

/** What makes a window worth a person's attention; every threshold is a setting. */
export interface EscalationThresholds {
  /** More CRITICAL alerts than this in one window open an incident (the DAG this replaces used 10). */
  readonly criticalAlerts: number;
  /** One user with at least this many alerts in a window opens an incident for that user and day. */
  readonly userAlerts: number;
}

/** The kinds of incident monitoring opens. */
export type IncidentKind = 'critical-burst' | 'alert-spike' | 'user-burst';

/** One incident to open; `key` is its workflow id, so the same finding never opens two. */
export interface Escalation {
  readonly key: string;
  readonly kind: IncidentKind;
  readonly severity: Severity;
  /** One line a person reads first. */
  readonly summary: string;
}

/**
 * The incidents a window calls for. Keys name the window (bursts and spikes) or the user and UTC day (a user's
 * incident covers the day, so a user active over several windows is one incident, not one per window).
 */
export function escalationsOf(
  windowEnd: string,
  window: AlertWindowSummary,
  comparison: BaselineComparison,
  thresholds: EscalationThresholds,
): Escalation[] {
  const escalations: Escalation[] = [];
  const critical = window.bySeverity.CRITICAL ?? 0;
  if (critical > thresholds.criticalAlerts) {
    escalations.push({
      key: `critical-burst:${windowEnd}`,
      kind: 'critical-burst',
      severity: 'CRITICAL',
      summary: `${critical} CRITICAL alerts in the 15 minutes to ${windowEnd} (more than ${thresholds.criticalAlerts})`,
    });
  }
  if (comparison.spike) {
    escalations.push({
      key: `alert-spike:${windowEnd}`,
      kind: 'alert-spike',
      severity: 'HIGH',
      summary: `${window.alerts} alerts in the 15 minutes to ${windowEnd}, above the 24-hour baseline's ${comparison.spikeThreshold.toFixed(1)}`,
    });
  }
  const day = windowEnd.slice(0, 10);
  for (const user of window.topUsers.filter((u) => u.alerts >= thresholds.userAlerts)) {
    escalations.push({
      key: `user:${user.userId}:${day}`,
      kind: 'user-burst',
      severity: user.maxScore >= 0.8 ? 'CRITICAL' : 'HIGH',
      summary: `user ${user.userId}: ${user.alerts} alerts in the 15 minutes to ${windowEnd} (at least ${thresholds.userAlerts})`,
    });
  }
  return escalations;
}
