import type { Alert, RuleName, Severity } from '../events/schema';

/** How many users a summary lists: enough to act on, small enough to carry in a workflow. */
export const TOP_USERS = 10;

/** Detection latency (detected_at − event_time) of a window's alerts, in milliseconds. */
export interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** One window's alerts in numbers; alerts carry no location or device, so neither is summarised. */
export interface AlertWindowSummary {
  readonly alerts: number;
  readonly bySeverity: Partial<Record<Severity, number>>;
  readonly byRule: Partial<Record<RuleName, number>>;
  /** Every rule combination (`rules` sorted and joined with `+`; at most 63 of six rules), most frequent first. */
  readonly ruleCombinations: ReadonlyArray<{ readonly rules: string; readonly alerts: number }>;
  /** Users with the most alerts, most first. */
  readonly topUsers: ReadonlyArray<{ readonly userId: string; readonly alerts: number; readonly maxScore: number }>;
  /** null without alerts. */
  readonly averageScore: number | null;
  readonly detectionLatencyMs: LatencyMs | null;
  readonly rulesVersions: readonly number[];
}

/** The key of an alert's rule combination, independent of the order the engine listed them in. */
export function ruleCombination(alert: Pick<Alert, 'rules'>): string {
  return [...alert.rules].sort().join('+');
}

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function increment<K extends string>(counts: Partial<Record<K, number>>, key: K): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Most first, then by name, so equal counts always list in one order. */
function mostFirst<T extends { alerts: number }>(entries: T[], nameOf: (e: T) => string): T[] {
  return entries.sort((a, b) => b.alerts - a.alerts || nameOf(a).localeCompare(nameOf(b)));
}

/** Summarises the alerts of one window. */
export function summariseWindow(alerts: readonly Alert[]): AlertWindowSummary {
  const bySeverity: Partial<Record<Severity, number>> = {};
  const byRule: Partial<Record<RuleName, number>> = {};
  const combinations = new Map<string, number>();
  const users = new Map<string, { userId: string; alerts: number; maxScore: number }>();
  const latencies: number[] = [];
  const versions = new Set<number>();
  let scoreSum = 0;
  for (const alert of alerts) {
    increment(bySeverity, alert.severity);
    for (const rule of alert.rules) increment(byRule, rule);
    const combination = ruleCombination(alert);
    combinations.set(combination, (combinations.get(combination) ?? 0) + 1);
    const user = users.get(alert.user_id) ?? { userId: alert.user_id, alerts: 0, maxScore: 0 };
    users.set(alert.user_id, { ...user, alerts: user.alerts + 1, maxScore: Math.max(user.maxScore, alert.score) });
    latencies.push(Date.parse(alert.detected_at) - Date.parse(alert.event_time));
    versions.add(alert.rules_version);
    scoreSum += alert.score;
  }
  latencies.sort((a, b) => a - b);
  return {
    alerts: alerts.length,
    bySeverity,
    byRule,
    ruleCombinations: mostFirst(
      [...combinations].map(([rules, count]) => ({ rules, alerts: count })),
      (e) => e.rules,
    ),
    topUsers: mostFirst([...users.values()], (e) => e.userId).slice(0, TOP_USERS),
    averageScore: alerts.length === 0 ? null : scoreSum / alerts.length,
    detectionLatencyMs:
      latencies.length === 0
        ? null
        : { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1] as number },
    rulesVersions: [...versions].sort((a, b) => a - b),
  };
}
