import { HOUR_MS } from '../hour';

/** The start of every hour from one to another, both inclusive, in order. */
export function hoursBetween(fromHourStartMs: number, toHourStartMs: number): number[] {
  if (toHourStartMs < fromHourStartMs) throw new RangeError('a range of hours ends at or after its first hour');
  const hours: number[] = [];
  for (let ms = fromHourStartMs; ms <= toHourStartMs; ms += HOUR_MS) hours.push(ms);
  return hours;
}

/** The hours of the range with no successful load in the run ledger: what `etl gaps` lists and `backfill --missing` runs. */
export function missingHours(fromHourStartMs: number, toHourStartMs: number, loaded: Iterable<number>): number[] {
  const done = new Set(loaded);
  return hoursBetween(fromHourStartMs, toHourStartMs).filter((ms) => !done.has(ms));
}

/**
 * How long after its end an hour counts as due: the schedule starts its ETL at :05 of the next hour, and the run takes
 * minutes; an hour not loaded by then is late, and `status` reports it as a gap.
 */
export const HOUR_DUE_AFTER_MS = HOUR_MS;

/**
 * The hours `status` checks for gaps: the last day's hours that are due, from the ledger's first hour on (hours before
 * the first load ever recorded are history, not gaps).
 */
export function dueHoursToCheck(nowMs: number, firstLoadedHourStartMs: number | undefined): { fromMs: number; toMs: number } | undefined {
  if (firstLoadedHourStartMs === undefined) return undefined;
  const toMs = Math.floor((nowMs - HOUR_DUE_AFTER_MS) / HOUR_MS) * HOUR_MS - HOUR_MS;
  const fromMs = Math.max(firstLoadedHourStartMs, toMs - 23 * HOUR_MS);
  return fromMs > toMs ? undefined : { fromMs, toMs };
}
