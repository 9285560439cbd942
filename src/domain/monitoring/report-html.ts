import { SEVERITIES } from '../events/schema';
import { barChartSvg, escapeHtml, htmlTable as table } from '../html';
import type { MonitoringReport } from './report';

const number = (n: number | null, digits = 3): string => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(digits));

/** The report as one self-contained HTML page (inline style, no scripts, no outside resources). */
export function reportHtml(report: MonitoringReport): string {
  const { window: w, baseline: b, comparison: c } = report;
  const latency = w.detectionLatencyMs;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fraud monitoring ${escapeHtml(report.windowEnd)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}.alarm{color:#b00020}</style></head>
<body>
<h1>Fraud monitoring: ${escapeHtml(report.windowStart)} to ${escapeHtml(report.windowEnd)}</h1>
<p>${w.alerts} alerts; average score ${number(w.averageScore)}; detection latency p50 ${number(latency?.p50 ?? null)} ms,
p95 ${number(latency?.p95 ?? null)} ms, max ${number(latency?.max ?? null)} ms; rules versions ${escapeHtml(w.rulesVersions.join(', ') || '-')}.</p>
<h2>By severity</h2>
${barChartSvg(
  'alerts by severity',
  SEVERITIES.map((s) => ({ label: s, value: w.bySeverity[s] ?? 0 })),
)}
<h2>By rule</h2>
${table(['rule', 'alerts'], Object.entries(w.byRule))}
<h2>Rule combinations</h2>
${table(
  ['rules', 'alerts', 'new'],
  w.ruleCombinations.map((r) => [r.rules, r.alerts, c.newPatterns.includes(r.rules) ? 'new' : '']),
)}
<h2>Top users</h2>
${table(
  ['user', 'alerts', 'max score'],
  w.topUsers.map((u) => [u.userId, u.alerts, number(u.maxScore)]),
)}
<h2>Against the previous 24 hours</h2>
<p>${b.complete ? '' : '<strong>The baseline read was capped: no comparison made.</strong> '}${b.alerts} alerts; per 15 minutes mean
${number(b.meanPerWindow)}, sd ${number(b.sdPerWindow)}; spike above ${number(c.spikeThreshold)}:
<span class="${c.spike ? 'alarm' : ''}">${c.spike ? 'spike' : 'no spike'}</span>.</p>
<h2>Incidents</h2>
${table(
  ['key', 'severity', 'summary'],
  report.escalations.map((e) => [e.key, e.severity, e.summary]),
)}
<p>Generated ${escapeHtml(report.generatedAt)}.</p>
</body></html>
`;
}
