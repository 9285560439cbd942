import { formatTable } from '../src/cli/table';
import { verdict } from './table';
import type { Figure } from './types';

/**
 * A figure beside what it is measured against in the same run: the naive way of the system Streamify replaces, the
 * floor under any such engine, or the limit of the tool underneath.
 */
interface Comparison {
  readonly figure: string;
  /** The figure holding the rate compared with (possibly the same figure). */
  readonly against: string;
  /** What the figure is compared with, in a few words. */
  readonly versus: string;
  /** Events or rows per second of the part of the figure that does what the other one does. */
  readonly rate: (f: Figure) => number | undefined;
  /** The rate compared with; the other figure's median rate unless said. */
  readonly againstRate?: (f: Figure) => number | undefined;
  /** The ratio the issues ask for, if they do. */
  readonly barRatio?: number;
}

const loadRate = (f: Figure): number | undefined =>
  f.batch === undefined ? undefined : f.batch.rows / (f.batch.stepSeconds.load as number);

const COMPARISONS: readonly Comparison[] = [
  {
    figure: 'engine',
    against: 'engine-floor',
    versus: 'the floor (find the user, no rules)',
    rate: (f) => f.eventsPerSecond,
    barRatio: 0.6,
  },
  { figure: 'producer', against: 'naive', versus: 'one awaited send per message', rate: (f) => f.eventsPerSecond },
  // Like with like: the load step alone against inserting the same rows one by one.
  { figure: 'etl', against: 'naive-load', versus: 'row-by-row INSERTs', rate: loadRate, barRatio: 50 },
  {
    figure: 'etl',
    against: 'etl',
    versus: "DuckDB's own INSERT … SELECT of the same files",
    rate: loadRate,
    againstRate: (f) => (f.batch?.stepSeconds.limit === undefined ? undefined : f.batch.rows / f.batch.stepSeconds.limit),
    barRatio: 0.5,
  },
  {
    figure: 'pipeline',
    against: 'pipeline',
    versus: 'the producer alone into the same broker',
    rate: (f) => f.eventsPerSecond,
    againstRate: (f) => f.pipeline?.producerAloneEventsPerSecond,
    barRatio: 0.4,
  },
];

/** How a figure compares with what it is measured against, when both were measured in this run. */
export interface Ratio {
  readonly figure: string;
  readonly versus: string;
  readonly ratio: number;
  readonly barRatio?: number;
  readonly pass?: boolean;
}

/** The ratios of every comparison whose two figures were measured. */
export function ratios(figures: readonly Figure[]): Ratio[] {
  const byName = new Map(figures.map((f) => [f.name, f]));
  return COMPARISONS.flatMap((c) => {
    const fast = byName.get(c.figure);
    const other = byName.get(c.against);
    const fastRate = fast === undefined ? undefined : c.rate(fast);
    const otherRate = other === undefined ? undefined : (c.againstRate ?? ((f: Figure) => f.eventsPerSecond))(other);
    if (fastRate === undefined || otherRate === undefined) return [];
    const ratio = fastRate / otherRate;
    const bar = c.barRatio === undefined ? {} : { barRatio: c.barRatio, pass: ratio >= c.barRatio };
    return [{ figure: c.figure, versus: c.versus, ratio, ...bar }];
  });
}

const count = (n: number): string => Math.round(n).toLocaleString('en');
const seconds = (s: number): string => s.toFixed(1);

/** What a figure measured, in one cell. */
function result(f: Figure): string {
  if (f.eventsPerSecond === undefined) return `skipped: ${f.skipped ?? ''}`;
  if (f.latencyMs !== undefined) return `p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms at ${count(f.eventsPerSecond)} events/s`;
  if (f.batch !== undefined) {
    const { transform, load, total, limit } = f.batch.stepSeconds as Record<string, number>;
    const perMillion = ((total as number) * 1_000_000) / f.batch.rows;
    const limited = limit === undefined ? '' : `; DuckDB's INSERT … SELECT alone ${seconds(limit)} s`;
    return `${seconds(total as number)} s (transform ${seconds(transform as number)} + load ${seconds(load as number)}) = ${seconds(perMillion)} s per million rows${limited}`;
  }
  if (f.pipeline !== undefined)
    return `${count(f.eventsPerSecond)} events/s held by every group; the producer alone ${count(f.pipeline.producerAloneEventsPerSecond)}/s`;
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

/** A ratio in one cell: whole numbers from 10×, two decimals below. */
export const times = (ratio: number): string => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;

function compared(found: readonly Ratio[]): string {
  if (found.length === 0) return '—';
  return found
    .map((r) => {
      const barred = r.barRatio === undefined ? '' : ` (bar ≥ ${r.barRatio}×: ${r.pass === true ? 'pass' : 'fail'})`;
      return `${times(r.ratio)} ${r.versus}${barred}`;
    })
    .join('; ');
}

/** Every figure of the run side by side: its result, its bar, pass or fail, the bar as a ratio and its ratios to what it is compared with. */
export function formatSummary(figures: readonly Figure[]): string {
  const found = ratios(figures);
  return formatTable(
    ['figure', 'result', 'bar', 'pass', 'result / bar', 'compared with, in this run'],
    figures.map((f) => [
      f.title,
      result(f),
      bar(f),
      f.skipped === undefined ? verdict(f) : 'skipped',
      ofBar(f),
      compared(found.filter((r) => r.figure === f.name)),
    ]),
  );
}
