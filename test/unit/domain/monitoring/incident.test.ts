import assert from 'node:assert/strict';
import { parseSignal, raisedSeverity, windowEndAtOrBefore, windowEndingAt } from '../../../../src/domain/monitoring';

describe('incident and window helpers', () => {
  it('raises a severity one step, CRITICAL staying CRITICAL', () => {
    assert.deepEqual((['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const).map(raisedSeverity), ['MEDIUM', 'HIGH', 'CRITICAL', 'CRITICAL']);
  });

  it('accepts a signal only with every field present and non-empty, trimmed', () => {
    assert.deepEqual(parseSignal({ by: ' alice ', note: 'done' }, ['by', 'note']), { by: 'alice', note: 'done' });
    assert.equal(parseSignal({ by: 'alice' }, ['by', 'note']), undefined);
    assert.equal(parseSignal({ by: '  ', note: 'x' }, ['by', 'note']), undefined);
    assert.equal(parseSignal('alice', ['by']), undefined);
  });

  it('truncates a time to its 15-minute window end and spans the window before it', () => {
    assert.equal(new Date(windowEndAtOrBefore(Date.parse('2026-11-25T12:29:59.999Z'))).toISOString(), '2026-11-25T12:15:00.000Z');
    assert.deepEqual(windowEndingAt('2026-11-25T12:15:00Z'), {
      windowStart: '2026-11-25T12:00:00.000Z',
      windowEnd: '2026-11-25T12:15:00.000Z',
    });
    assert.throws(() => windowEndingAt('noon'), /windowEnd: "noon" is not an ISO time/);
  });
});
