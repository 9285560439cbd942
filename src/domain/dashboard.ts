import type { WindowResult } from './analytics';
import { SEVERITIES, type Alert, type Severity } from './events/schema';

/** An incident as the dashboard lists it. */
export interface IncidentView {
  readonly key: string;
  readonly status: string;
  readonly startedAt: string;
}

/** One hour of KPI_METRICS, as the dashboard charts it. */
export interface KpiPoint {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  readonly revenue: number;
  readonly transactions: number;
  readonly conversionRate: number;
}

/** What the dashboard shows; plain JSON, sent whole to a page that connects and after each change. */
export interface DashboardView {
  /** The latest windows, oldest first. */
  readonly windows: readonly WindowResult[];
  readonly alertsBySeverity: Readonly<Record<Severity, number>>;
  readonly incidents: readonly IncidentView[];
  /** The warehouse's KPI_METRICS of the last day's hours, oldest first. */
  readonly kpis: readonly KpiPoint[];
  readonly updatedAt: string;
}

/** Windows the charts show: ten minutes at the default 10-second slide. */
export const WINDOWS_SHOWN = 60;

/** Alerts whose severity is remembered for re-issues: a re-issue comes within the same minute. */
const ALERTS_REMEMBERED = 100_000;

/** The dashboard's state: what the analytics and alert topics and the incident list have said so far. */
export class DashboardState {
  private readonly windows = new Map<string, WindowResult>();
  private readonly alerts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  /** The severity each recent alert was counted at; the oldest are forgotten beyond ALERTS_REMEMBERED. */
  private readonly counted = new Map<string, Severity>();
  private incidents: readonly IncidentView[] = [];
  private kpis: readonly KpiPoint[] = [];
  private updatedAtMs = 0;

  /** Takes a window result; a window seen again (a replay) replaces itself. */
  addWindow(w: WindowResult, nowMs: number): void {
    this.windows.set(w.window_start, w);
    if (this.windows.size > WINDOWS_SHOWN) {
      const oldest = [...this.windows.keys()].sort()[0] as string;
      this.windows.delete(oldest);
    }
    this.updatedAtMs = nowMs;
  }

  /** Counts an alert at its severity; an alert re-issued at a higher severity moves up rather than counting twice. */
  addAlert(a: Alert, nowMs: number): void {
    const before = this.counted.get(a.alert_id);
    if (before !== undefined && SEVERITIES.indexOf(before) >= SEVERITIES.indexOf(a.severity)) return;
    if (before !== undefined) this.alerts[before] -= 1;
    this.alerts[a.severity] += 1;
    this.counted.delete(a.alert_id);
    this.counted.set(a.alert_id, a.severity);
    if (this.counted.size > ALERTS_REMEMBERED) this.counted.delete(this.counted.keys().next().value as string);
    this.updatedAtMs = nowMs;
  }

  setIncidents(incidents: readonly IncidentView[], nowMs: number): void {
    this.incidents = incidents;
    this.updatedAtMs = nowMs;
  }

  setKpis(kpis: readonly KpiPoint[], nowMs: number): void {
    this.kpis = kpis;
    this.updatedAtMs = nowMs;
  }

  view(): DashboardView {
    const windows = [...this.windows.values()].sort((a, b) => a.window_start.localeCompare(b.window_start));
    return {
      windows,
      alertsBySeverity: { ...this.alerts },
      incidents: this.incidents,
      kpis: this.kpis,
      updatedAt: new Date(this.updatedAtMs).toISOString(),
    };
  }
}
