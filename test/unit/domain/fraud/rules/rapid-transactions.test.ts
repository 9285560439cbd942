import assert from 'node:assert/strict';
import { DEFAULT_RAPID_TRANSACTIONS, rapidTransactions } from '../../../../../src/domain/fraud/rules/rapid-transactions';
import { emptyHistory } from '../../../../support/fraud-history';
import { T0 } from '../../../../support/purchase';

/** A window holding purchases at these times; the last one is the purchase judged (the window has learnt it). */
function windowOf(...timesMs: number[]) {
  const s = emptyHistory();
  for (const t of timesMs) s.rememberInWindow(t, 10, 120_000);
  return s;
}

describe('rule rapid_transactions (3 purchases within 5 s)', () => {
  const r = DEFAULT_RAPID_TRANSACTIONS;

  it('does not fire on 2 purchases, or on 3 that span just over 5 s', () => {
    assert.equal(rapidTransactions(r, windowOf(T0, T0 + 1000), T0 + 1000), undefined);
    assert.equal(rapidTransactions(r, windowOf(T0, T0 + 2500, T0 + 5001), T0 + 5001), undefined);
  });

  it('fires on 3 purchases spanning exactly 5 s (both ends in), at score 0.45', () => {
    assert.deepEqual(rapidTransactions(r, windowOf(T0, T0 + 2500, T0 + 5000), T0 + 5000), {
      rule: 'rapid_transactions',
      score: 0.45,
      reason: '3 purchases within 5 s (limit 3)',
    });
  });

  it('scores 0.10 more per further purchase, at most 0.70', () => {
    assert.equal(rapidTransactions(r, windowOf(T0, T0, T0, T0), T0)?.score, 0.55);
    assert.equal(rapidTransactions(r, windowOf(...Array<number>(9).fill(T0)), T0)?.score, 0.7);
  });

  it('counts purchases at equal times, and not those later in event time that arrived first', () => {
    assert.equal(rapidTransactions(r, windowOf(T0, T0, T0), T0)?.score, 0.45);
    assert.equal(rapidTransactions(r, windowOf(T0 + 1000, T0 + 2000, T0), T0), undefined);
  });

  it('does not fire when disabled', () => {
    assert.equal(rapidTransactions({ ...r, enabled: false }, windowOf(T0, T0, T0), T0), undefined);
  });
});
