const DAY_MS = 86_400_000;
const PARTITION = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;

/**
 * The first hour kept by a retention of `days`, counted back from the ETL's own hour rather than the wall clock, so a
 * rerun of the same hour deletes the same things.
 */
export function retentionCutoffMs(hourStartMs: number, days: number): number {
  return hourStartMs - days * DAY_MS;
}

/** The start of the event-time hour a lake key belongs to (from its dt=/hour= folders), or undefined for other keys. */
export function partitionHourOf(key: string): number | undefined {
  const match = PARTITION.exec(key);
  if (!match) return undefined;
  const startMs = Date.parse(`${match[1]}T${match[2]}:00:00Z`);
  return Number.isNaN(startMs) ? undefined : startMs;
}
