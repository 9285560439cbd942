import { ago, count, type StatusRow } from './row';

/** What `status` reads off a schedule's description. */
export interface ScheduleState {
  readonly scheduleId: string;
  readonly paused: boolean;
  readonly note?: string;
  readonly lastActionAtMs?: number;
  readonly nextActionAt?: Date;
  /** Actions never taken because they fell outside the catch-up window (the worker or Temporal was away too long). */
  readonly missedCatchupWindow: number;
  /** Actions dropped because a run was still going (overlap SKIP or BUFFER_ONE). */
  readonly skippedOverlap: number;
}

/** A schedule's line: a warning when it is paused or has ever missed or skipped an action, saying which. */
export function scheduleRow(s: ScheduleState, nowMs: number): StatusRow {
  const problems = [
    ...(s.paused ? [`paused${s.note ? ` (${s.note})` : ''}`] : []),
    ...(s.missedCatchupWindow > 0 ? [`${count(s.missedCatchupWindow)} actions missed the catch-up window`] : []),
    ...(s.skippedOverlap > 0 ? [`${count(s.skippedOverlap)} actions skipped for overlap`] : []),
  ];
  const last = s.lastActionAtMs === undefined ? 'never' : `${ago(nowMs - s.lastActionAtMs)} ago`;
  return {
    area: 'temporal',
    name: `schedule ${s.scheduleId}`,
    value: s.paused ? 'paused' : 'active',
    health: problems.length > 0 ? 'warn' : 'ok',
    detail: [...problems, `last ${last}, next ${s.nextActionAt ? s.nextActionAt.toISOString() : '-'}`].join('; '),
  };
}
