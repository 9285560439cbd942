// The hour: the unit of the lake's partitions, the ETL's runs and the gate's judgements, and how it is written
// (`YYYY-MM-DDTHH`, UTC) wherever a person or an id names one.

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

const HOUR_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;

/** Start of the hour holding a time. */
export function hourStartOf(timeMs: number): number {
  return Math.floor(timeMs / HOUR_MS) * HOUR_MS;
}

/** The hour holding a time, written as hours are named: `YYYY-MM-DDTHH`, UTC. */
export function formatHour(timeMs: number): string {
  return new Date(hourStartOf(timeMs)).toISOString().slice(0, 13);
}

/** The start (epoch ms) of an hour written `YYYY-MM-DDTHH` (UTC); a RangeError for anything else, such as `2026-02-30T12`. */
export function parseHour(text: string): number {
  const match = HOUR_TEXT.exec(text);
  const startMs = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4])) : NaN;
  // Date.UTC rolls 30 February over into March; writing the hour back catches it.
  if (Number.isNaN(startMs) || formatHour(startMs) !== text) {
    throw new RangeError(`"${text}" is not an hour: expected YYYY-MM-DDTHH in UTC, e.g. 2026-11-25T12`);
  }
  return startMs;
}
