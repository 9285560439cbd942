import assert from 'node:assert/strict';
import { summariseWindow } from '../../../../src/domain/monitoring';
import { alertAt } from './alerts';

const T0 = Date.parse('2026-11-25T12:00:00Z');

describe('summariseWindow', () => {
  it('counts by severity, rule and rule combination, whatever order the rules are listed in', () => {
    const s = summariseWindow([
      alertAt(T0, { severity: 'CRITICAL', rules: ['velocity', 'high_amount'] }),
      alertAt(T0, { severity: 'CRITICAL', rules: ['high_amount', 'velocity'] }),
      alertAt(T0, { severity: 'HIGH', rules: ['impossible_travel'] }),
    ]);
    assert.equal(s.alerts, 3);
    assert.deepEqual(s.bySeverity, { CRITICAL: 2, HIGH: 1 });
    assert.deepEqual(s.byRule, { velocity: 2, high_amount: 2, impossible_travel: 1 });
    assert.deepEqual(s.ruleCombinations, [
      { rules: 'high_amount+velocity', alerts: 2 },
      { rules: 'impossible_travel', alerts: 1 },
    ]);
  });

  it('lists the users with most alerts first, with their highest score', () => {
    const s = summariseWindow([
      alertAt(T0, { user_id: 'u-b', score: 0.5 }),
      alertAt(T0, { user_id: 'u-a', score: 0.4 }),
      alertAt(T0, { user_id: 'u-a', score: 0.9 }),
    ]);
    assert.deepEqual(s.topUsers, [
      { userId: 'u-a', alerts: 2, maxScore: 0.9 },
      { userId: 'u-b', alerts: 1, maxScore: 0.5 },
    ]);
  });

  it('gives the average score and the detection latency percentiles', () => {
    const alerts = Array.from({ length: 20 }, (_, i) => alertAt(T0, { latencyMs: (i + 1) * 10, score: i % 2 === 0 ? 0.4 : 0.6 }));
    const s = summariseWindow(alerts);
    assert.equal(s.averageScore?.toFixed(6), '0.500000');
    assert.deepEqual(s.detectionLatencyMs, { p50: 100, p95: 190, max: 200 });
  });

  it('summarises an empty window without the numbers it cannot know', () => {
    const s = summariseWindow([]);
    assert.deepEqual([s.alerts, s.averageScore, s.detectionLatencyMs, s.topUsers], [0, null, null, []]);
  });
});
