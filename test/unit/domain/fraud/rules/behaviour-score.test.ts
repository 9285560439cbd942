import assert from 'node:assert/strict';
import { behaviorAnomaly, DEFAULT_BEHAVIOR_ANOMALY } from '../../../../../src/domain/fraud/rules/behaviour-score';
import { emptyHistory } from '../../../../support/fraud-history';
import { purchase } from '../../../../support/purchase';

/** A history of these trusted amounts. */
function historyOf(...amounts: number[]) {
  const s = emptyHistory();
  for (const a of amounts) s.rememberAmount(a);
  return s;
}

const HABIT = [40, 41, 42, 43, 44];
// Median ln 42; the spread of the habit is below minSpread (0.4), so z ≥ 4 ⇔ amount ≥ 42·e^1.6 ≈ 208.027.
const LIMIT_USD = 42 * Math.exp(1.6);

describe('rule behavior_anomaly (robust z ≥ 4 over at least 5 amounts)', () => {
  const r = DEFAULT_BEHAVIOR_ANOMALY;

  it('does not fire just below z = 4, fires just above it at score 0.40', () => {
    assert.equal(behaviorAnomaly(r, historyOf(...HABIT), purchase({ amount: LIMIT_USD - 0.01 })), undefined);
    const hit = behaviorAnomaly(r, historyOf(...HABIT), purchase({ amount: LIMIT_USD + 0.01 }));
    assert.equal(hit?.reason, "amount 208.04 is 5.0x this user's median of 42.00 (robust z 4.0, limit 4)");
    assert.ok(Math.abs((hit?.score ?? 0) - 0.4) < 1e-4, `score ${hit?.score}`);
  });

  it('needs 5 amounts: with 4 it does not judge', () => {
    assert.equal(behaviorAnomaly(r, historyOf(40, 41, 42, 43), purchase({ amount: 5000 })), undefined);
  });

  it('uses the spread of a varied habit when it is over minSpread, and scores at most 0.70', () => {
    const varied = [10, 20, 40, 80, 160];
    // Median ln 40, MAD ln 2: the spread is 1.4826·ln 2 ≈ 1.028, so z = 4 at 40·e^(4·1.028) ≈ 2,447.
    const z4 = 40 * Math.exp(4 * 1.4826 * Math.LN2);
    assert.equal(behaviorAnomaly(r, historyOf(...varied), purchase({ amount: z4 * 0.999 })), undefined);
    assert.equal(behaviorAnomaly(r, historyOf(...varied), purchase({ amount: z4 * 1.001 }))?.rule, 'behavior_anomaly');
    assert.equal(behaviorAnomaly(r, historyOf(...HABIT), purchase({ amount: 100_000 }))?.score, 0.7);
  });

  it('judges by the latest 32 amounts only', () => {
    const s = historyOf(...Array<number>(32).fill(1000), ...Array<number>(32).fill(40));
    assert.equal(behaviorAnomaly(r, s, purchase({ amount: 1000 }))?.rule, 'behavior_anomaly');
  });

  it('does not fire when disabled', () => {
    assert.equal(behaviorAnomaly({ ...r, enabled: false }, historyOf(...HABIT), purchase({ amount: 5000 })), undefined);
  });
});
