import type { Figure } from './types';

const rate = (eventsPerSecond: number | undefined): string =>
  eventsPerSecond === undefined ? '—' : Math.round(eventsPerSecond).toLocaleString('en');

/** Whether a figure meets its bar: pass, fail, or a dash when it has none or did not run. */
export function verdict(f: Figure): 'pass' | 'fail' | '—' {
  if (f.latencyMs !== undefined) return f.latencyMs.p99 <= f.latencyMs.barP99 ? 'pass' : 'fail';
  if (f.batch !== undefined) return (f.batch.stepSeconds.total as number) <= f.batch.barSeconds ? 'pass' : 'fail';
  if (f.barEventsPerSecond === undefined || f.eventsPerSecond === undefined) return '—';
  return f.eventsPerSecond >= f.barEventsPerSecond ? 'pass' : 'fail';
}

const latency = (f: Figure): string =>
  f.latencyMs === undefined ? '' : `p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms (bar p99 ≤ ${f.latencyMs.barP99} ms); `;

/** The figures as an aligned text table, one row each, skipped ones with their reason as the note. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['benchmark', 'per second (median)', 'bar', 'pass', 'runs (per second)', 'note'];
  const rows = figures.map((f) => [
    f.title,
    rate(f.eventsPerSecond),
    rate(f.barEventsPerSecond),
    f.skipped === undefined ? verdict(f) : 'skipped',
    f.runs.map((r) => rate(r)).join(' '),
    f.skipped ?? `${latency(f)}${f.note}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const numeric = new Set([1, 2]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
