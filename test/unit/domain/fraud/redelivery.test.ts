import assert from 'node:assert/strict';
import type { Alert, Transaction } from '../../../../src/domain/events/schema';
import { DEFAULT_RULES, FraudEngine } from '../../../../src/domain/fraud';
import { idHash } from '../../../../src/domain/fraud/id-hash';
import { RECENT_IDS } from '../../../../src/domain/fraud/user-state';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { purchase as validPurchase, T0 } from '../../../support/purchase';

function purchase(id: string, atMs: number, amount: number, user = 'u-1'): Transaction {
  return validPurchase({ transaction_id: id, user_id: user, timestamp: new Date(atMs).toISOString(), amount });
}

function alertsOf(engine: FraudEngine, purchases: readonly Transaction[]): Alert[] {
  return purchases.flatMap((p) => engine.process(p, T0) ?? []);
}

describe('fraud engine: a purchase counts once', () => {
  it('judges a $2,500 purchase delivered twice as one: high_amount alone, no velocity, one alert', () => {
    const engine = new FraudEngine(DEFAULT_RULES);
    const big = purchase('t-big', T0, 2500);
    const alerts = alertsOf(engine, [big, big]);
    assert.deepEqual(
      alerts.map((a) => a.rules),
      [['high_amount']],
    );
    assert.equal(engine.redeliveries, 1);
  });

  it('without the memory of ids, two distinct $2,500 purchases do raise velocity (the test can fail)', () => {
    const alerts = alertsOf(new FraudEngine(DEFAULT_RULES), [purchase('t-a', T0, 2500), purchase('t-b', T0, 2500)]);
    assert.ok(alerts.some((a) => a.rules.includes('velocity')));
  });

  it('gives the alerts of the stream without duplicates when every purchase arrives twice or three times', () => {
    const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: T0, fraudRate: 0.05, users: 300, seed: 11 }).take(20_000);
    const purchases = events.flatMap((e) => (e.kind === 'purchase' ? [e.event] : []));
    // A retry follows soon after the original: within the next few purchases of anyone, not only of that user.
    const redelivered: Transaction[] = [];
    purchases.forEach((p, i) => {
      redelivered.push(p);
      if (i % 2 === 0) redelivered.push(p);
      if (i % 5 === 0 && i > 3) redelivered.push(purchases[i - 3] as Transaction);
    });
    const once = new FraudEngine(DEFAULT_RULES);
    const twice = new FraudEngine(DEFAULT_RULES);
    const expected = alertsOf(once, purchases);
    assert.ok(expected.length > 50, `enough alerts to compare: ${expected.length}`);
    assert.deepEqual(alertsOf(twice, redelivered), expected);
    assert.equal(twice.redeliveries, redelivered.length - purchases.length);
    assert.equal(twice.userCount, once.userCount);
  });

  it(`remembers a user's latest ${RECENT_IDS} ids: an older one counts again (the memory is bounded)`, () => {
    const engine = new FraudEngine(DEFAULT_RULES);
    const ps = Array.from({ length: RECENT_IDS + 1 }, (_, i) => purchase(`t-${i}`, T0 + i * 3_600_000, 10));
    alertsOf(engine, ps);
    engine.process(ps[1] as Transaction, T0);
    assert.equal(engine.redeliveries, 1);
    engine.process(ps[0] as Transaction, T0);
    assert.equal(engine.redeliveries, 1);
  });

  it('keeps the same id of two users apart', () => {
    const engine = new FraudEngine(DEFAULT_RULES);
    alertsOf(engine, [purchase('t-1', T0, 10, 'u-1'), purchase('t-1', T0, 10, 'u-2')]);
    assert.equal(engine.redeliveries, 0);
    assert.equal(engine.userCount, 2);
  });

  it('hashes ids to 32-bit integers that collide no more than random ones would', () => {
    const seen = new Set<number>();
    const ids = 200_000;
    for (let i = 0; i < ids; i++) {
      const h = idHash(`tx-${i.toString(36)}-${(i * 7919) % 1000}`);
      assert.ok(Number.isInteger(h) && h >= 0 && h < 2 ** 32);
      seen.add(h);
    }
    // Random 32-bit values collide about n² / 2^33 times: 4.7 among 200,000; a weak hash of similar ids, far more.
    const expected = ids ** 2 / 2 ** 33;
    assert.ok(ids - seen.size <= 4 * expected, `${ids - seen.size} collisions, about ${expected.toFixed(1)} expected`);
  });
});
