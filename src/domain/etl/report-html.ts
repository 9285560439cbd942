import { SEVERITIES } from '../events/schema';
import { barChartSvg, escapeHtml, htmlTable, lineChartSvg, type Bar } from '../html';
import { ETL_STEPS } from './contract';
import type { HourKpis, KpiComparison } from './kpi-metrics';
import type { EtlReport, SalesOf, WindowFigures } from './report';

const count = (n: number): string => n.toLocaleString('en-US');
const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const total = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const countsText = (counts: Readonly<Record<string, number>> | undefined): string =>
  Object.entries(counts ?? {})
    .map(([name, n]) => `${name} ${count(n)}`)
    .join(', ');

const revenueBars = (sales: readonly SalesOf[]): Bar[] => sales.map((s) => ({ label: s.name, value: s.revenue }));
const orderBars = (sales: readonly SalesOf[]): Bar[] => sales.map((s) => ({ label: s.name, value: s.orders }));

/** Severities from lowest to highest, then any other the alerts carried; only those with alerts. */
function severityBars(bySeverity: Readonly<Record<string, number>>): Bar[] {
  const known: readonly string[] = SEVERITIES;
  const order = [...known, ...Object.keys(bySeverity).filter((s) => !known.includes(s))];
  return order.filter((s) => (bySeverity[s] ?? 0) > 0).map((s) => ({ label: s, value: bySeverity[s] ?? 0 }));
}

const percent = (n: number): string => `${(n * 100).toFixed(1)} %`;
const growth = (n: number | null): string => (n === null ? '-' : `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)} %`);

/** The KPIs the report compares, each with how it is shown. */
const KPI_ROWS: ReadonlyArray<readonly [string, (k: HourKpis) => string]> = [
  ['revenue', (k) => money(k.revenue)],
  ['completed orders', (k) => count(k.transactions)],
  ['average order value', (k) => money(k.avgOrderValue)],
  ['conversion', (k) => percent(k.conversionRate)],
  ['fraud rate', (k) => percent(k.fraudRate)],
  ['top category', (k) => k.topCategory ?? '-'],
  ['top product', (k) => k.topProduct ?? '-'],
  ['first-time customers', (k) => percent(k.firstTimeCustomerShare)],
  ['revenue vs previous hour', (k) => growth(k.revenueGrowthVsPreviousHour)],
  ['revenue vs a day before', (k) => growth(k.revenueGrowthVsDayBefore)],
  ['orders per minute', (k) => k.transactionsPerMinute.toFixed(2)],
];

/** The KPI table: one row per KPI, the hour beside the previous hour and the same hour a day before ("-" where none). */
function kpiSection(kpis: KpiComparison | undefined): string {
  if (kpis === undefined) return '';
  const columns = [kpis.hour, kpis.previousHour, kpis.dayBefore];
  const heading = (label: string, k: HourKpis | null): string => (k === null ? `${label} (not loaded)` : `${label} ${k.hour}:00`);
  return `<h2>KPIs</h2>
${htmlTable(
  ['KPI', heading('this hour', kpis.hour), heading('previous hour', kpis.previousHour), heading('a day before', kpis.dayBefore)],
  KPI_ROWS.map(([name, show]) => [name, ...columns.map((k) => (k === null ? '-' : show(k)))]),
)}`;
}

/** Revenue and conversion of each window of the hour, as two lines; nothing for an older report without windows. */
function windowSection(windows: readonly WindowFigures[] | undefined): string {
  if (windows === undefined) return '';
  const labels = {
    first: windows[0]?.start.slice(11, 19) ?? '',
    last: windows[windows.length - 1]?.start.slice(11, 19) ?? '',
  };
  return `<h2>Revenue per window (${count(windows.length)} windows, by start)</h2>
${lineChartSvg(
  'revenue per window',
  windows.map((w) => w.revenue),
  labels,
  money,
)}
<h2>Conversion per window</h2>
${lineChartSvg(
  'conversion per window',
  windows.map((w) => w.conversionRate),
  labels,
  percent,
)}`;
}

/** Each step with its status as the report saw it: done, running (the report's own step), or still to come. */
function stepRows(report: EtlReport): string[][] {
  const running = ETL_STEPS.find((s) => report.steps[s] === undefined);
  return ETL_STEPS.map((s) => {
    const done = report.steps[s];
    return [s, done ? 'done' : s === running ? 'running' : 'pending', countsText(done?.counts)];
  });
}

/** The report as one self-contained HTML page: inline style, charts as inline SVG, no scripts, nothing from elsewhere. */
export function etlReportHtml(report: EtlReport): string {
  const { sales, transform, load } = report;
  const revenue = total(sales.byCategory.map((c) => c.revenue));
  const orders = total(sales.byCategory.map((c) => c.orders));
  const alerts = total(Object.values(sales.alertsBySeverity));
  const hour = escapeHtml(report.hour);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hourly ETL ${hour}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}.no-data{color:#777;font-style:italic}
.chart{display:block;margin:.5em 0 1.5em}</style></head>
<body>
<h1>Hourly ETL: ${hour}:00 UTC</h1>
<p>Revenue ${money(revenue)} from ${count(orders)} completed orders; ${count(alerts)} fraud alerts.
${count(transform.counts.raw_transactions ?? 0)} raw transactions, ${count(transform.counts.invalid_transactions ?? 0)} invalid and
${count(transform.counts.duplicate_transactions ?? 0)} duplicates dropped, ${count(transform.counts.transactions ?? 0)} kept
(engine ${escapeHtml(transform.engine)}, ${count(transform.durationMs)} ms; load ${count(load.durationMs)} ms).</p>
${kpiSection(report.kpis)}
${windowSection(sales.windows)}
<h2>Revenue by category</h2>
${barChartSvg('revenue by category', revenueBars(sales.byCategory), money)}
<h2>Orders by category</h2>
${barChartSvg('orders by category', orderBars(sales.byCategory), count)}
<h2>Revenue by country (top ${sales.byCountry.length})</h2>
${barChartSvg('revenue by country', revenueBars(sales.byCountry), money)}
<h2>Fraud alerts by severity</h2>
${barChartSvg('fraud alerts by severity', severityBars(sales.alertsBySeverity), count)}
<h2>Steps</h2>
${htmlTable(['step', 'status', 'counts'], stepRows(report))}
<h2>Data quality</h2>
${htmlTable(
  ['dataset', 'outcome', 'rows', 'checks passed', 'warned', 'failed', 'failed checks', 'warned checks'],
  report.quality.map((q) => [
    q.dataset,
    q.outcome,
    q.rows === null ? '-' : count(q.rows),
    q.checks.passed,
    q.checks.warned,
    q.checks.failed,
    q.failedChecks.join(', '),
    q.warnedChecks.join(', '),
  ]),
)}
<h2>Warehouse rows of the hour</h2>
${htmlTable(
  ['table', 'rows'],
  Object.entries(load.rows).map(([table, rows]) => [table, count(rows)]),
)}
<p>Run ${escapeHtml(report.runId)}, started ${escapeHtml(report.startedAt)}, reported ${escapeHtml(report.finishedAt)}
(${count(report.durationMs)} ms).</p>
</body></html>
`;
}
