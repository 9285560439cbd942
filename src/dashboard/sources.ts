import type { Client } from '@temporalio/client';
import type { Warehouse } from '../adapters/warehouse/warehouse';
import type { IncidentView, KpiPoint } from '../domain/dashboard';
import { HOUR_MS, hourStartOf } from '../domain/hour';

/** The running fraudIncident workflows, as the dashboard lists them. */
export function openIncidents(client: Client): () => Promise<IncidentView[]> {
  return async () => {
    const open: IncidentView[] = [];
    for await (const w of client.workflow.list({ query: 'WorkflowType = "fraudIncident" AND ExecutionStatus = "Running"' })) {
      const status = w.searchAttributes?.StreamifyIncidentStatus?.[0];
      open.push({ key: w.workflowId, status: typeof status === 'string' ? status : 'open', startedAt: w.startTime.toISOString() });
    }
    return open;
  };
}

/** Hours of KPI_METRICS the dashboard charts: the last day's. */
export const KPI_HOURS_SHOWN = 24;

/** The KPI_METRICS rows of the last day's hours that the warehouse holds, oldest first. */
export function recentKpis(warehouse: Pick<Warehouse, 'hourKpis'>, now: () => number = Date.now): () => Promise<KpiPoint[]> {
  return async () => {
    const lastMs = hourStartOf(now()) - HOUR_MS;
    const hours = Array.from({ length: KPI_HOURS_SHOWN }, (_, i) => lastMs - (KPI_HOURS_SHOWN - 1 - i) * HOUR_MS);
    const kpis = await warehouse.hourKpis(hours);
    return kpis
      .map((k) => ({ hour: k.hour, revenue: k.revenue, transactions: k.transactions, conversionRate: k.conversionRate }))
      .sort((a, b) => a.hour.localeCompare(b.hour));
  };
}
