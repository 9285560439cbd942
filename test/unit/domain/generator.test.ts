import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FRAUD_PATTERNS, validateActivity, validateTransaction, type Transaction } from '../../../src/domain/events/schema';
import { haversineKm } from '../../../src/domain/geo';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, type GeneratorOptions } from '../../../src/domain/generator';

const START = Date.parse('2026-11-25T12:00:00Z');

function generator(overrides: Partial<GeneratorOptions> = {}): EventGenerator {
  return new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: START, ...overrides });
}

function purchasesOf(options: Partial<GeneratorOptions>, events: number): Transaction[] {
  return generator(options)
    .take(events)
    .flatMap((e) => (e.kind === 'purchase' ? [e.event] : []));
}

const ms = (t: Transaction): number => Date.parse(t.timestamp);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('event generator', () => {
  it('gives the same events byte for byte for the same seed, and others for another seed', () => {
    const a = generator({ seed: 7 })
      .take(20_000)
      .map((e) => JSON.stringify(e.event));
    const b = generator({ seed: 7 })
      .take(20_000)
      .map((e) => JSON.stringify(e.event));
    const c = generator({ seed: 8 })
      .take(20_000)
      .map((e) => JSON.stringify(e.event));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('keeps the stream of a seed unchanged across releases (a digest of its first 100,000 events)', () => {
    // Speed-ups must not change a byte; an intended change of the stream (or of Faker's data) updates the digest.
    const g = generator({ fraudRate: 0.05, lookalikeRate: 0.05 });
    const digest = createHash('sha256');
    for (let i = 0; i < 100_000; i++) digest.update(`${JSON.stringify(g.next().event)}\n`);
    assert.equal(digest.digest('hex'), 'bf3b1a1a9ef2c8f1bbafed68acd97d34745c1ff1b33b31ef0c06c6764b8adfd0');
  });

  it('emits events in event-time order from the start time, already at the steady rate', () => {
    const times = generator()
      .take(50_000)
      .map((e) => e.timeMs);
    assert.ok((times[0] as number) >= START && (times[0] as number) < START + 1000);
    for (let i = 1; i < times.length; i++) assert.ok((times[i] as number) >= (times[i - 1] as number), `event ${i} is out of order`);
    const firstTenSeconds = times.filter((t) => t < START + 10_000).length;
    assert.ok(firstTenSeconds > 8_000 && firstTenSeconds < 12_000, `${firstTenSeconds} events in the first 10 s at 1000/s`);
  });

  it('produces 100,000 events that all pass the schema the consumers use', () => {
    const g = generator({ fraudRate: 0.05, lookalikeRate: 0.05 });
    const now = START + 86_400_000;
    for (let i = 0; i < 100_000; i++) {
      const e = g.next();
      const input: unknown = JSON.parse(JSON.stringify(e.event));
      const result = e.kind === 'purchase' ? validateTransaction(input, now) : validateActivity(input, now);
      assert.ok(result.ok, `event ${i} fails the schema: ${result.ok ? '' : result.reason}`);
    }
  });

  it('keeps users persistent, with the segment shares of the population', () => {
    const purchases = purchasesOf({ fraudRate: 0, users: 2000 }, 200_000);
    const users = new Map(purchases.map((p) => [p.user_id, p.user_segment]));
    assert.ok(users.size < purchases.length / 2, 'users come back');
    const share = (s: string): number => [...users.values()].filter((v) => v === s).length / users.size;
    assert.ok(Math.abs(share('normal') - 0.7) < 0.05, `normal ${share('normal')}`);
    assert.ok(Math.abs(share('high_value') - 0.2) < 0.05, `high_value ${share('high_value')}`);
    assert.ok(Math.abs(share('suspicious') - 0.1) < 0.04, `suspicious ${share('suspicious')}`);
  });

  it('measures conversion: some sessions with page views end in a purchase, most do not', () => {
    const events = generator({ fraudRate: 0 }).take(100_000);
    const viewed = new Set(events.filter((e) => e.event.event_type === 'page_view').map((e) => e.event.session_id));
    const bought = new Set(events.filter((e) => e.kind === 'purchase').map((e) => e.event.session_id));
    const converted = [...bought].filter((s) => viewed.has(s)).length / viewed.size;
    assert.ok(converted > 0.1 && converted < 0.35, `conversion ${converted}`);
  });

  describe('injected fraud shows its pattern', () => {
    // A small population builds up histories quickly, which the profile patterns need.
    const purchases = purchasesOf({ fraudRate: 0.05, lookalikeRate: 0.05, users: 4000 }, 400_000);
    const incidents = new Map<string, Transaction[]>();
    for (const p of purchases) {
      const id = p.label?.incident_id;
      if (p.label?.is_fraud && id) incidents.set(id, [...(incidents.get(id) ?? []), p]);
    }
    // Incidents the sample cuts off at its end are incomplete: leave them out.
    const horizon = ms(purchases.at(-1) as Transaction) - 120_000;
    for (const [id, events] of incidents) if (ms(events[0] as Transaction) > horizon) incidents.delete(id);
    const ofPattern = (pattern: string): Transaction[][] => [...incidents.values()].filter((i) => i[0]?.label?.pattern === pattern);
    const history = (p: Transaction): Transaction[] => purchases.filter((q) => q.user_id === p.user_id && ms(q) < ms(p));

    it('injects every pattern, each event labelled with it', () => {
      for (const pattern of FRAUD_PATTERNS)
        assert.ok(ofPattern(pattern).length >= 10, `${pattern}: ${ofPattern(pattern).length} incidents`);
    });

    it('high amount: over 2000.00', () => {
      for (const [p] of ofPattern('high_amount')) assert.ok((p as Transaction).amount > 2000, `amount ${p?.amount}`);
    });

    it('rapid burst: at least 3 purchases within 5 s', () => {
      for (const burst of ofPattern('rapid_burst')) {
        assert.ok(burst.length >= 3);
        assert.ok(ms(burst[2] as Transaction) - ms(burst[0] as Transaction) <= 5000);
      }
    });

    it('velocity: over 1000.00 within 60 s, never 3 within 5 s', () => {
      for (const run of ofPattern('velocity')) {
        assert.ok(ms(run.at(-1) as Transaction) - ms(run[0] as Transaction) <= 60_000);
        assert.ok(run.reduce((s, p) => s + p.amount, 0) > 1000);
        for (let i = 2; i < run.length; i++) assert.ok(ms(run[i] as Transaction) - ms(run[i - 2] as Transaction) > 5000);
      }
    });

    it('impossible travel: faster than 900 km/h over at least 50 km from the previous purchase', () => {
      for (const [p] of ofPattern('impossible_travel')) {
        const previous = history(p as Transaction).at(-1) as Transaction;
        const km = haversineKm(previous.location!, p!.location!);
        const hours = (ms(p as Transaction) - ms(previous)) / 3_600_000;
        assert.ok(km >= 50 && km / hours > 900, `${km} km in ${hours} h`);
      }
    });

    it('device takeover: a new device of a type and OS never used, on an account with 5+ purchases', () => {
      for (const [p] of ofPattern('device_takeover')) {
        const before = history(p as Transaction);
        assert.ok(before.length >= 5);
        for (const q of before) assert.ok(q.device!.type !== p!.device!.type && q.device!.os !== p!.device!.os);
      }
    });

    it('behaviour outlier: six times or more the median of 5+ earlier purchases', () => {
      for (const [p] of ofPattern('behavior_outlier')) {
        const before = history(p as Transaction);
        assert.ok(before.length >= 5);
        assert.ok(p!.amount >= 6 * median(before.map((q) => q.amount)), `${p!.amount} vs median ${median(before.map((q) => q.amount))}`);
      }
    });

    it('legitimate purchases, look-alikes included, show none of the patterns', () => {
      const legit = purchases.filter((p) => !p.label?.is_fraud);
      const byUser = new Map<string, Transaction[]>();
      for (const p of purchases) byUser.set(p.user_id, [...(byUser.get(p.user_id) ?? []), p]);
      let largeLookalikes = 0;
      for (const p of legit) {
        assert.ok(p.amount <= 2000, `legit amount ${p.amount}`);
        if (p.amount > 1000) largeLookalikes += 1;
        const mine = byUser.get(p.user_id) as Transaction[];
        const i = mine.indexOf(p);
        const inLastMinute = mine.slice(0, i + 1).filter((q) => ms(p) - ms(q) <= 60_000);
        assert.ok(inLastMinute.length === 1 || inLastMinute.some((q) => q.label?.is_fraud), `legit velocity for ${p.user_id}`);
        const previous = mine[i - 1];
        if (previous?.location && p.location) {
          const km = haversineKm(previous.location, p.location);
          const hours = (ms(p) - ms(previous)) / 3_600_000;
          assert.ok(km < 50 || km / hours <= 900, `legit travel of ${km} km in ${hours} h`);
        }
        // What a detector has seen: every earlier purchase, but no device it flagged as taken over.
        const before = mine.slice(0, i);
        if (before.filter((q) => !q.label?.is_fraud).length >= 5) {
          const known = before.filter((q) => q.label?.pattern !== 'device_takeover').map((q) => q.device!);
          const seen = known.some((d) => d.device_id === p.device!.device_id || d.type === p.device!.type || d.os === p.device!.os);
          assert.ok(seen, `legit device anomaly for ${p.user_id}`);
          // Fraud through an account skews its history; a clean account stays within its habit.
          if (!before.some((q) => q.label?.is_fraud))
            assert.ok(p.amount < 6 * median(before.map((q) => q.amount)), `legit outlier ${p.amount}`);
        }
      }
      assert.ok(largeLookalikes > 0, 'large but normal purchases exist');
    });
  });

  it('rejects bad options with the option named', () => {
    assert.throws(() => generator({ ratePerSecond: 0 }), /ratePerSecond must be positive/);
    assert.throws(() => generator({ fraudRate: 1.5 }), /fraudRate must be within 0..1/);
  });
});
