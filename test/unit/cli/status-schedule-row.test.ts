import assert from 'node:assert/strict';
import { scheduleRow, type ScheduleState } from '../../../src/cli/commands/status/schedule-row';

const NOW = Date.parse('2026-12-02T12:30:00Z');
const healthy: ScheduleState = {
  scheduleId: 'hourly-etl',
  paused: false,
  lastActionAtMs: Date.parse('2026-12-02T12:05:00Z'),
  nextActionAt: new Date('2026-12-02T13:05:00Z'),
  missedCatchupWindow: 0,
  skippedOverlap: 0,
};

describe('status: a schedule’s line', () => {
  it('is ok when active and nothing was missed or skipped', () => {
    const row = scheduleRow(healthy, NOW);
    assert.deepEqual([row.value, row.health, row.detail], ['active', 'ok', 'last 25 min ago, next 2026-12-02T13:05:00.000Z']);
  });

  it('warns on a paused schedule, with its note', () => {
    const row = scheduleRow({ ...healthy, paused: true, note: 'paused by alice' }, NOW);
    assert.deepEqual([row.value, row.health], ['paused', 'warn']);
    assert.match(row.detail ?? '', /^paused \(paused by alice\); last/);
  });

  it('warns on actions missed in an outage or skipped for overlap, counting them', () => {
    const row = scheduleRow({ ...healthy, missedCatchupWindow: 3, skippedOverlap: 1 }, NOW);
    assert.equal(row.health, 'warn');
    assert.match(row.detail ?? '', /3 actions missed the catch-up window; 1 actions skipped for overlap/);
  });
});
