import assert from 'node:assert/strict';
import { DEFAULT_VELOCITY, velocity } from '../../../../../src/domain/fraud/rules/velocity';
import { emptyHistory } from '../../../../support/fraud-history';
import { T0 } from '../../../../support/purchase';

/** A window of (time, amount) purchases; the last is the purchase judged. */
function windowOf(...purchases: Array<[number, number]>) {
  const s = emptyHistory();
  for (const [t, amount] of purchases) s.rememberInWindow(t, amount, 120_000);
  return s;
}

describe('rule velocity (over 1000.00 USD within 60 s, 2 purchases at least)', () => {
  const r = DEFAULT_VELOCITY;
  const at = T0 + 60_000;

  it('does not fire at exactly the limit, or just outside the window', () => {
    assert.equal(velocity(r, windowOf([T0, 600], [at, 400]), at), undefined);
    assert.equal(velocity(r, windowOf([T0 - 1, 600], [at, 600]), at), undefined);
  });

  it('fires just over the limit with the window’s both ends in, at score 0.45', () => {
    const hit = velocity(r, windowOf([T0, 600], [at, 400.01]), at);
    assert.equal(hit?.rule, 'velocity');
    assert.equal(hit?.reason, '1000.01 spent in 2 purchases within 60 s (limit 1000.00)');
    assert.ok(Math.abs((hit?.score ?? 0) - 0.45) < 1e-5, `score ${hit?.score}`);
  });

  it('scores 0.70 at twice the limit', () => {
    assert.equal(velocity(r, windowOf([T0, 1000], [at, 1000]), at)?.score, 0.7);
  });

  it('needs minTransactions purchases: one large purchase fires only when 1 is enough', () => {
    assert.equal(velocity(r, windowOf([at, 1500]), at), undefined);
    assert.equal(velocity({ ...r, minTransactions: 1 }, windowOf([at, 1500]), at)?.rule, 'velocity');
  });

  it('does not fire when disabled', () => {
    assert.equal(velocity({ ...r, enabled: false }, windowOf([T0, 900], [at, 900]), at), undefined);
  });
});
