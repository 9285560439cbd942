import assert from 'node:assert/strict';
import { checkGateInput, dataQualityWorkflowId, parseQualityOverride, type DataQualityInput } from '../../../../src/domain/quality/gate';
import { formatHour } from '../../../../src/domain/hour';
import { sameHourOnEarlierDays } from '../../../../src/domain/quality/history';

describe('the data-quality gate contract', () => {
  it("names the gate of a dataset's hour by both", () => {
    assert.equal(dataQualityWorkflowId('alerts', '2026-11-25T12'), 'data-quality-alerts-2026-11-25T12');
  });

  it('refuses an input with an unknown dataset or a wait that is not a positive number of milliseconds', () => {
    const ok: DataQualityInput = { dataset: 'transactions', hour: '2026-11-25T12', overrideWaitMs: 1_000 };
    checkGateInput(ok);
    assert.throws(
      () => checkGateInput({ ...ok, dataset: 'orders' as never }),
      /dataset "orders" is not one of transactions, activity, alerts/,
    );
    assert.throws(() => checkGateInput({ ...ok, overrideWaitMs: 0 }), /overrideWaitMs/);
    assert.throws(() => checkGateInput({ ...ok, overrideWaitMs: 1.5 }), /overrideWaitMs/);
  });

  it('accepts an override only with a reason and an author, trimmed', () => {
    assert.deepEqual(parseQualityOverride({ reason: ' known refund batch ', by: 'ops ' }), { reason: 'known refund batch', by: 'ops' });
    for (const value of [undefined, 'release', { reason: '  ', by: 'ops' }, { reason: 'why', by: '' }, { reason: 1, by: 'ops' }]) {
      assert.equal(parseQualityOverride(value), undefined, JSON.stringify(value));
    }
  });

  it('finds the same hour of day on each earlier day, oldest first', () => {
    const startMs = Date.parse('2026-11-25T12:00:00Z');
    assert.deepEqual(sameHourOnEarlierDays(startMs, 3).map(formatHour), ['2026-11-22T12', '2026-11-23T12', '2026-11-24T12']);
  });
});
