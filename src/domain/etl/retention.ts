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

/** The lake's zones, by their top folder: each keeps its data for its own number of days. */
export const LAKE_ZONES = ['raw', 'curated', 'quarantine', 'reports'] as const;
export type LakeZone = (typeof LAKE_ZONES)[number];

const REPORT = /^reports\/[^/]+\/([^/]+)\.(?:json|html)$/;
const HOUR_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

/**
 * The time a lake key's data belongs to: the hour of its dt=/hour= folders (raw, curated and quarantined files), or
 * the hour or time a report is named after (reports/etl/<hour>, reports/fraud/<window end>); undefined for any other
 * key (progress files), which retention leaves alone.
 */
export function lakeKeyTimeMs(key: string): number | undefined {
  const hour = partitionHourOf(key);
  if (hour !== undefined) return hour;
  const name = REPORT.exec(key)?.[1];
  if (name === undefined) return undefined;
  const ms = Date.parse(HOUR_NAME.test(name) ? `${name}:00:00Z` : name);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The keys whose data is older than their zone keeps it: `days` by zone, counted back from the ETL's hour. */
export function expiredLakeKeys(keys: readonly string[], hourStartMs: number, days: Readonly<Record<LakeZone, number>>): string[] {
  return keys.filter((key) => {
    const zone = key.slice(0, key.indexOf('/')) as LakeZone;
    if (!LAKE_ZONES.includes(zone)) return false;
    return (lakeKeyTimeMs(key) ?? Infinity) < retentionCutoffMs(hourStartMs, days[zone]);
  });
}
