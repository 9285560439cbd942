/** Length of one fraud-monitoring window: the schedule runs every 15 minutes over the 15 minutes before. */
export const MONITORING_WINDOW_MS = 15 * 60_000;
/** The baseline a window is compared with: the 24 hours before it. */
export const BASELINE_MS = 24 * 3_600_000;
/** Windows in the baseline, each counted even when it saw no alert. */
export const BASELINE_WINDOWS = BASELINE_MS / MONITORING_WINDOW_MS;

/** The window a monitoring run covers, ISO UTC, end exclusive. */
export interface MonitoringWindow {
  readonly windowStart: string;
  readonly windowEnd: string;
}

/** The window end a time falls in: the time truncated to the 15-minute boundary at or before it. */
export function windowEndAtOrBefore(ms: number): number {
  return Math.floor(ms / MONITORING_WINDOW_MS) * MONITORING_WINDOW_MS;
}

/** The window ending at an ISO time; throws a RangeError when the text is not a time. */
export function windowEndingAt(windowEnd: string): MonitoringWindow {
  const endMs = Date.parse(windowEnd);
  if (Number.isNaN(endMs)) throw new RangeError(`windowEnd: "${windowEnd}" is not an ISO time`);
  return { windowStart: new Date(endMs - MONITORING_WINDOW_MS).toISOString(), windowEnd: new Date(endMs).toISOString() };
}
