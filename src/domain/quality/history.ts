import type { Suite } from './checks';

const DAY_MS = 86_400_000;

/** Days of same-hour counts a volume check is judged against: four weeks, so each weekday counts four times. */
export const VOLUME_HISTORY_DAYS = 28;

/** The start of the same hour of day on each of the `days` days before an hour, oldest first. */
export function sameHourOnEarlierDays(hourStartMs: number, days: number = VOLUME_HISTORY_DAYS): number[] {
  return Array.from({ length: days }, (_, i) => hourStartMs - (days - i) * DAY_MS);
}

/** Whether a suite judges volume, and so needs the history of earlier counts. */
export function needsVolumeHistory(suite: Suite): boolean {
  return suite.checks.some((c) => c.type === 'volume_anomaly');
}
