import assert from 'node:assert/strict';
import { escalationsOf, summariseWindow, type BaselineComparison } from '../../../../src/domain/monitoring';
import { alertAt } from './alerts';

const WINDOW_END = '2026-11-25T12:15:00.000Z';
const T = Date.parse('2026-11-25T12:10:00Z');
const THRESHOLDS = { criticalAlerts: 10, userAlerts: 3 };
const NO_SPIKE: BaselineComparison = { compared: true, spikeThreshold: 20, spike: false, newPatterns: [] };

const criticals = (n: number) => Array.from({ length: n }, () => alertAt(T, { severity: 'CRITICAL', score: 0.9 }));

describe('escalationsOf', () => {
  it('opens a critical burst at more than the limit of CRITICAL alerts, not at the limit', () => {
    assert.deepEqual(escalationsOf(WINDOW_END, summariseWindow(criticals(10)), NO_SPIKE, THRESHOLDS), []);
    const [burst] = escalationsOf(WINDOW_END, summariseWindow(criticals(11)), NO_SPIKE, THRESHOLDS);
    assert.deepEqual([burst?.key, burst?.kind, burst?.severity], [`critical-burst:${WINDOW_END}`, 'critical-burst', 'CRITICAL']);
  });

  it('opens a spike incident when the baseline comparison found one', () => {
    const escalations = escalationsOf(WINDOW_END, summariseWindow([alertAt(T)]), { ...NO_SPIKE, spike: true }, THRESHOLDS);
    assert.deepEqual(
      escalations.map((e) => [e.key, e.severity]),
      [[`alert-spike:${WINDOW_END}`, 'HIGH']],
    );
  });

  it('opens one incident per user and day for a user with many alerts', () => {
    const busy = Array.from({ length: 3 }, () => alertAt(T, { user_id: 'u-7', score: 0.6 }));
    const escalations = escalationsOf(WINDOW_END, summariseWindow([...busy, alertAt(T, { user_id: 'u-8' })]), NO_SPIKE, THRESHOLDS);
    assert.deepEqual(
      escalations.map((e) => [e.key, e.severity]),
      [['user:u-7:2026-11-25', 'HIGH']],
    );
  });
});
