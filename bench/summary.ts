import { formatTable } from '../src/cli/table';
import { verdict } from './table';
import type { Figure } from './types';

/** A way of the system Streamify replaces, measured in the same run, and the figure that does its work instead. */
interface Comparison {
  readonly figure: string;
  readonly naive: string;
  /** The naive way, in a few words. */
  readonly naiveWay: string;
  /** Events or rows per second of the part of the figure that does what the naive way does. */
  readonly rate: (f: Figure) => number | undefined;
  /** How many times faster the issues ask it to be, if they do. */
  readonly barRatio?: number;
}

const COMPARISONS: readonly Comparison[] = [
  { figure: 'producer', naive: 'naive', naiveWay: 'one awaited send per message', rate: (f) => f.eventsPerSecond },
  {
    figure: 'etl',
    naive: 'naive-load',
    naiveWay: 'row-by-row INSERTs',
    // Like with like: the load step alone against inserting the same rows one by one.
    rate: (f) => (f.batch === undefined ? undefined : f.batch.rows / (f.batch.stepSeconds.load as number)),
    barRatio: 50,
  },
];

/** How many times faster a figure is than the naive way it replaces, when both ran in this run. */
export interface Ratio {
  readonly figure: string;
  readonly naiveWay: string;
  readonly ratio: number;
  readonly barRatio?: number;
  readonly pass?: boolean;
}

/** The ratios of every comparison whose two figures were measured. */
export function ratios(figures: readonly Figure[]): Ratio[] {
  const byName = new Map(figures.map((f) => [f.name, f]));
  return COMPARISONS.flatMap((c) => {
    const fast = byName.get(c.figure);
    const fastRate = fast === undefined ? undefined : c.rate(fast);
    const naiveRate = byName.get(c.naive)?.eventsPerSecond;
    if (fastRate === undefined || naiveRate === undefined) return [];
    const ratio = fastRate / naiveRate;
    const bar = c.barRatio === undefined ? {} : { barRatio: c.barRatio, pass: ratio >= c.barRatio };
    return [{ figure: c.figure, naiveWay: c.naiveWay, ratio, ...bar }];
  });
}

const count = (n: number): string => Math.round(n).toLocaleString('en');
const seconds = (s: number): string => s.toFixed(1);

/** What a figure measured, in one cell. */
function result(f: Figure): string {
  if (f.eventsPerSecond === undefined) return `skipped: ${f.skipped ?? ''}`;
  if (f.latencyMs !== undefined) return `p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms at ${count(f.eventsPerSecond)} events/s`;
  if (f.batch !== undefined) {
    const { transform, load, total } = f.batch.stepSeconds as Record<string, number>;
    const perMillion = ((total as number) * 1_000_000) / f.batch.rows;
    return `${seconds(total as number)} s (transform ${seconds(transform as number)} + load ${seconds(load as number)}) = ${seconds(perMillion)} s per million rows`;
  }
  return `${count(f.eventsPerSecond)} ${f.unit ?? 'events'}/s${f.unit === 'rows' ? ` = ${count(1_000_000 / f.eventsPerSecond)} s per million rows` : ''}`;
}

/** The bar of a figure, in one cell. */
function bar(f: Figure): string {
  if (f.latencyMs !== undefined) return `p99 ≤ ${f.latencyMs.barP99} ms`;
  if (f.batch !== undefined) return `≤ ${f.batch.barSeconds} s per ${count(f.batch.rows)} rows`;
  return f.barEventsPerSecond === undefined ? '—' : `≥ ${count(f.barEventsPerSecond)}/s`;
}

/** How many times over the figure meets its bar (below 1: how far it falls short). */
function ofBar(f: Figure): string {
  if (f.eventsPerSecond === undefined) return '—';
  if (f.latencyMs !== undefined) return `${(f.latencyMs.barP99 / f.latencyMs.p99).toFixed(2)}×`;
  if (f.batch !== undefined) return `${(f.batch.barSeconds / (f.batch.stepSeconds.total as number)).toFixed(2)}×`;
  return f.barEventsPerSecond === undefined ? '—' : `${(f.eventsPerSecond / f.barEventsPerSecond).toFixed(2)}×`;
}

function versusNaive(r: Ratio | undefined): string {
  if (r === undefined) return '—';
  const barred = r.barRatio === undefined ? '' : ` (bar ≥ ${r.barRatio}×: ${r.pass === true ? 'pass' : 'fail'})`;
  return `${r.ratio.toFixed(0)}× ${r.naiveWay}${barred}`;
}

/** Every figure of the run side by side: its result, its bar, pass or fail, the bar as a ratio and the ratio to the naive way. */
export function formatSummary(figures: readonly Figure[]): string {
  const found = ratios(figures);
  return formatTable(
    ['figure', 'result', 'bar', 'pass', 'result / bar', 'vs the naive way'],
    figures.map((f) => [
      f.title,
      result(f),
      bar(f),
      f.skipped === undefined ? verdict(f) : 'skipped',
      ofBar(f),
      versusNaive(found.find((r) => r.figure === f.name)),
    ]),
  );
}
