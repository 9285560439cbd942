import assert from 'node:assert/strict';
import { DEFAULT_HIGH_AMOUNT, highAmount } from '../../../../../src/domain/fraud/rules/high-amount';
import { purchase } from '../../../../support/purchase';

describe('rule high_amount (limit 2000.00 USD)', () => {
  const verdict = (amount: number, r = DEFAULT_HIGH_AMOUNT) => highAmount(r, purchase({ amount }));

  it('does not fire just below or at the limit', () => {
    assert.equal(verdict(1999.99), undefined);
    assert.equal(verdict(2000), undefined);
  });

  it('fires just above the limit at score 0.45, naming amount and limit', () => {
    assert.deepEqual(verdict(2000.01), {
      rule: 'high_amount',
      score: 0.45 + 0.25 * (2000.01 / 2000 - 1),
      reason: 'amount 2000.01 is over the limit of 2000.00',
    });
  });

  it('scores 0.70 at twice the limit and no more above it', () => {
    assert.equal(verdict(4000)?.score, 0.7);
    assert.equal(verdict(9000)?.score, 0.7);
  });

  it('does not fire when disabled', () => {
    assert.equal(verdict(5000, { ...DEFAULT_HIGH_AMOUNT, enabled: false }), undefined);
  });
});
