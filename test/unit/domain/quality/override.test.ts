import assert from 'node:assert/strict';
import { checkOverride, type DataQualityStatus } from '../../../../src/domain/quality/gate';

const waiting: DataQualityStatus = { dataset: 'transactions', hour: '2026-11-25T12', phase: 'awaiting-override', quarantinedFiles: 2 };

describe('an operator’s override of a gate, checked', () => {
  it('takes a reason and an author while the gate waits for an override, trimmed', () => {
    assert.deepEqual(checkOverride({ reason: ' refunds ', by: 'ops ' }, waiting), { reason: 'refunds', by: 'ops' });
  });

  it('says what is wrong with the input', () => {
    assert.throws(() => checkOverride('refunds', waiting), /^RangeError: override takes \{"reason": "…", "by": "…"\}, got a string$/);
    assert.throws(() => checkOverride({ reason: 'refunds' }, waiting), /override needs a non-empty "by"/);
    assert.throws(() => checkOverride({}, waiting), /non-empty "reason" and "by"/);
  });

  it('refuses a gate that is not waiting for one, or was released already', () => {
    assert.throws(
      () => checkOverride({ reason: 'r', by: 'b' }, { ...waiting, phase: 'checking' }),
      /transactions 2026-11-25T12 is checking, not waiting/,
    );
    const released = { ...waiting, override: { reason: 'refunds', by: 'ops', at: '2026-11-25T13:00:00.000Z' } };
    assert.throws(
      () => checkOverride({ reason: 'r', by: 'b' }, released),
      /was already released by ops at 2026-11-25T13:00:00.000Z: refunds/,
    );
  });
});
