import assert from 'node:assert/strict';
import type { Alert, Transaction } from '../../../../src/domain/events/schema';
import { DEFAULT_RULES, FraudEngine, withOverrides } from '../../../../src/domain/fraud';
import { destinationPoint } from '../../../../src/domain/geo';
import { NEW_YORK, purchase, T0 } from '../../../support/purchase';

let seq = 0;

/** A purchase with an id of its own, at atMs and the point `at` (T0 in New York by default). */
function tx(overrides: Partial<Transaction> & { atMs?: number; at?: { lat: number; lon: number } } = {}): Transaction {
  const { atMs = T0, at = NEW_YORK, ...rest } = overrides;
  seq += 1;
  return purchase({
    transaction_id: `t-${seq}`,
    timestamp: new Date(atMs).toISOString(),
    location: { country: 'US', city: 'New York', ...at },
    ...rest,
  });
}

/** Runs purchases through a fresh engine and returns every alert raised. */
function run(purchases: readonly Transaction[], rules = DEFAULT_RULES): Alert[] {
  const engine = new FraudEngine(rules);
  return purchases.flatMap((p) => engine.process(p, T0) ?? []);
}

/** Five ordinary purchases an hour apart, so the profile rules have a history. */
const history = (): Transaction[] => Array.from({ length: 5 }, (_, i) => tx({ atMs: T0 - (6 - i) * 3_600_000, amount: 40 + i }));

describe('fraud engine rules', () => {
  describe('high_amount', () => {
    it('fires above 2000.00, not at it', () => {
      assert.deepEqual(run([tx({ amount: 2000 })]), []);
      const [alert] = run([tx({ amount: 2000.01 })]);
      assert.deepEqual(alert?.rules, ['high_amount']);
      assert.equal(alert?.severity, 'MEDIUM');
      assert.match(alert?.reasons[0] ?? '', /2000\.01 is over the limit of 2000\.00/);
    });
  });

  describe('rapid_transactions', () => {
    it('fires on 3 purchases within 5.0 s, this one included', () => {
      const alerts = run([tx({ atMs: T0 }), tx({ atMs: T0 + 2500 }), tx({ atMs: T0 + 5000 })]);
      assert.deepEqual(
        alerts.map((a) => a.rules),
        [['rapid_transactions']],
      );
    });
    it('does not fire when the three span 5.1 s', () => {
      assert.deepEqual(run([tx({ atMs: T0 }), tx({ atMs: T0 + 2500 }), tx({ atMs: T0 + 5100 })]), []);
    });
  });

  describe('velocity', () => {
    it('fires when two or more purchases within 60 s sum over 1000.00', () => {
      const alerts = run([tx({ amount: 600 }), tx({ atMs: T0 + 60_000, amount: 400.01 })]);
      assert.deepEqual(
        alerts.map((a) => a.rules),
        [['velocity']],
      );
    });
    it('does not fire at exactly 1000.00, outside 60 s, or on one large purchase', () => {
      assert.deepEqual(run([tx({ amount: 600 }), tx({ atMs: T0 + 60_000, amount: 400 })]), []);
      assert.deepEqual(run([tx({ amount: 600 }), tx({ atMs: T0 + 60_001, amount: 600 })]), []);
      assert.deepEqual(run([tx({ amount: 1500 })]), []);
    });
  });

  describe('impossible_travel', () => {
    const oneHourLater = T0 + 3_600_000;
    it('fires at 901 km/h, not at 899 km/h', () => {
      assert.deepEqual(run([tx(), tx({ atMs: oneHourLater, at: destinationPoint(NEW_YORK, 899, 90) })]), []);
      const alerts = run([tx(), tx({ atMs: oneHourLater, at: destinationPoint(NEW_YORK, 901, 90) })]);
      assert.deepEqual(
        alerts.map((a) => a.rules),
        [['impossible_travel']],
      );
      assert.match(alerts[0]?.reasons[0] ?? '', /901 km from the previous purchase in 60\.0 min \(901 km\/h/);
    });
    it('needs at least 50 km: with no time between them 49 km is fine and 51 km is not (Δt = 0)', () => {
      assert.deepEqual(run([tx(), tx({ at: destinationPoint(NEW_YORK, 49, 0) })]), []);
      assert.deepEqual(
        run([tx(), tx({ at: destinationPoint(NEW_YORK, 51, 0) })]).map((a) => a.rules),
        [['impossible_travel']],
      );
    });
    it('compares with the previous purchase in event time, not in arrival', () => {
      const paris = { lat: 48.8566, lon: 2.3522 };
      // The Paris purchase arrives last but happened between the two New York ones, minutes apart.
      const alerts = run([tx({ atMs: T0 }), tx({ atMs: T0 + 3_600_000 * 10 }), tx({ atMs: T0 + 600_000, at: paris })]);
      assert.deepEqual(
        alerts.map((a) => a.rules),
        [['impossible_travel']],
      );
    });
  });

  describe('device_anomaly', () => {
    const laptop = { device_id: 'd-new', type: 'desktop', os: 'Windows', ip: '198.51.100.1' };
    it('fires on a new device of unknown type and OS after 5 purchases', () => {
      assert.deepEqual(
        run([...history(), tx({ device: laptop })]).map((a) => a.rules),
        [['device_anomaly']],
      );
    });
    it('does not fire with only 4 earlier purchases, or for a new device like a known one', () => {
      assert.deepEqual(run([...history().slice(1), tx({ device: laptop })]), []);
      const newPhone = { device_id: 'd-phone-2', type: 'mobile', os: 'iOS', ip: '198.51.100.2' };
      assert.deepEqual(run([...history(), tx({ device: newPhone })]), []);
    });
  });

  describe('behavior_anomaly', () => {
    it('fires on an amount far above the user’s own history', () => {
      const alerts = run([...history(), tx({ amount: 1200 })]);
      assert.deepEqual(
        alerts.map((a) => a.rules),
        [['behavior_anomaly']],
      );
      assert.match(alerts[0]?.reasons[0] ?? '', /x this user's median/);
    });
    it('does not fire on an amount a few times the usual, or without enough history', () => {
      assert.deepEqual(run([...history(), tx({ amount: 120 })]), []);
      assert.deepEqual(run([...history().slice(2), tx({ amount: 1200 })]), []);
    });
  });

  describe('scoring', () => {
    it('raises the severity when several rules fire together', () => {
      const laptopAbroad = tx({
        amount: 2500,
        device: { device_id: 'd-x', type: 'desktop', os: 'Windows', ip: '1.2.3.4' },
        at: { lat: 48.85, lon: 2.35 },
      });
      const [alert] = run([...history(), laptopAbroad]);
      assert.deepEqual(alert?.rules, ['behavior_anomaly', 'device_anomaly', 'high_amount', 'impossible_travel']);
      assert.equal(alert?.severity, 'CRITICAL');
    });
  });
});

describe('fraud engine behaviour', () => {
  it('gives the same alert ids for the same input', () => {
    const input = [tx({ amount: 3000 }), tx({ atMs: T0 + 1000 }), tx({ atMs: T0 + 2000 })];
    assert.deepEqual(
      run(input).map((a) => a.alert_id),
      run(input).map((a) => a.alert_id),
    );
  });

  it('raises one alert per user, rule set and minute, re-issued only when the severity rises', () => {
    const burst = Array.from({ length: 8 }, (_, i) => tx({ atMs: T0 + i * 500, amount: 10 }));
    const alerts = run(burst);
    assert.equal(new Set(alerts.map((a) => a.alert_id)).size, 1);
    const ranks = alerts.map((a) => ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(a.severity));
    assert.ok(
      ranks.every((r, i) => i === 0 || r > (ranks[i - 1] as number)),
      `severities rise: ${alerts.map((a) => a.severity)}`,
    );
  });

  it('survives missing and garbage location and device, skipping only the rules that need them', () => {
    const bare = tx({ amount: 2500, location: null, device: null, atMs: T0 + 60_000 });
    const abroadOnNewLaptop = {
      location: { country: 'FR', city: 'Paris', lat: 48.85, lon: 2.35 },
      device: { device_id: 'd-x', type: 'desktop', os: 'Windows', ip: '' },
    };
    assert.deepEqual(
      run([...history(), bare]).map((a) => a.rules),
      [['behavior_anomaly', 'high_amount']],
    );
    // The bare purchase left no place or device behind: the next one is judged against the last that had them.
    const alerts = run([...history(), bare, tx({ ...abroadOnNewLaptop, atMs: T0 + 200_000 })]);
    assert.deepEqual(alerts.at(-1)?.rules, ['device_anomaly', 'impossible_travel']);
  });

  it('evicts users whose last purchase is older than the state TTL', () => {
    const engine = new FraudEngine(DEFAULT_RULES, { stateTtlMs: 3_600_000 });
    for (let i = 0; i < 60_000; i++) engine.process(tx({ user_id: `u-${i}`, atMs: T0 + i * 1000 }), T0);
    assert.ok(engine.userCount <= 3_600 + 50_000, `${engine.userCount} users held`);
    for (let i = 0; i < 60_000; i++) engine.process(tx({ user_id: `v-${i}`, atMs: T0 + 86_400_000 + i }), T0);
    assert.ok(engine.userCount < 60_000 + 3_600, `${engine.userCount} users held after a day`);
  });

  it('applies new rules without losing state, and stamps their version on alerts', () => {
    const engine = new FraudEngine(DEFAULT_RULES);
    engine.process(tx({ amount: 600 }), T0);
    engine.setRules(withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '500' }));
    const alert = engine.process(tx({ atMs: T0 + 1000, amount: 100 }), T0);
    assert.deepEqual(alert?.rules, ['velocity']);
    assert.equal(alert?.rules_version, 2);
  });

  it('rejects a bad rule value with the field named', () => {
    assert.throws(() => withOverrides(DEFAULT_RULES, { 'highAmount.limitUsd': '-5' }), /highAmount\.limitUsd/);
    assert.throws(() => withOverrides(DEFAULT_RULES, { 'highAmount.limit': '5' }), /highAmount\.limit: no such rule setting/);
  });
});
