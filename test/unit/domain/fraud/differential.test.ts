import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { RULE_NAMES, type Alert, type RuleName, type Transaction } from '../../../../src/domain/events/schema';
import { eventTimeMs } from '../../../../src/domain/event-time';
import { DEFAULT_RULES, FraudEngine, withOverrides, type RuleSet } from '../../../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { Rng } from '../../../../src/domain/random';
import { adversarial, type Step, type Trouble } from '../../../support/adversarial-purchases';
import { ReferenceFraudEngine } from '../../../support/reference-fraud-engine';

/** Generated events: about 136,000 purchases of 2,000 users (deep histories), 5 % of sessions fraud. */
const GENERATED_EVENTS = 1_400_000;
const OPTIONS = {
  ...DEFAULT_GENERATOR_OPTIONS,
  seed: 20,
  users: 2_000,
  fraudRate: 0.05,
  lookalikeRate: 0.03,
  startMs: Date.parse('2026-11-25T00:00:00.000Z'),
};

interface Outcome {
  readonly purchases: number;
  readonly alertsByRule: Map<RuleName, number>;
  readonly mismatches: string[];
}

/** Runs the steps through the fast engine and the reference side by side, comparing every purchase's alert. */
function compare(steps: readonly Step[], fast: FraudEngine, reference: ReferenceFraudEngine): Outcome {
  const alertsByRule = new Map<RuleName, number>();
  const mismatches: string[] = [];
  let purchases = 0;
  for (const step of steps) {
    if ('rules' in step) {
      fast.setRules(step.rules);
      reference.setRules(step.rules);
      continue;
    }
    purchases += 1;
    const nowMs = eventTimeMs(step.purchase.timestamp);
    const got: Alert | undefined = fast.process(step.purchase, nowMs);
    const expected = reference.process(step.purchase, nowMs);
    if (!isDeepStrictEqual(got, expected) && mismatches.length < 5) {
      mismatches.push(
        `purchase ${purchases} (${JSON.stringify(step.purchase)}): fast ${JSON.stringify(got)}, reference ${JSON.stringify(expected)}`,
      );
    }
    for (const rule of got?.rules ?? []) alertsByRule.set(rule, (alertsByRule.get(rule) ?? 0) + 1);
  }
  return { purchases, alertsByRule, mismatches };
}

/** The purchases of the seeded generator, with its fraud patterns and look-alikes. */
function generatedPurchases(): Transaction[] {
  const generator = new EventGenerator(OPTIONS);
  const purchases: Transaction[] = [];
  for (let i = 0; i < GENERATED_EVENTS; i++) {
    const e = generator.next();
    if (e.kind === 'purchase') purchases.push(e.event);
  }
  return purchases;
}

const VARIANTS: ReadonlyArray<{ name: string; trouble: Trouble; stateTtlMs?: number }> = [
  { name: 'rules changed mid-stream', trouble: { rulesEvery: 20_000 } },
  { name: 'disorder and equal times', trouble: { disorder: true, equalTimes: true } },
  { name: 'garbage locations and devices, boundary amounts', trouble: { garbage: true, boundaryAmounts: true, rulesEvery: 30_000 } },
  {
    name: 'a crowd of 40 users in bursts',
    trouble: { crowd: true, equalTimes: true, garbage: true, boundaryAmounts: true, rulesEvery: 25_000 },
  },
  { name: 'rules changed every 2,000 purchases, boundary amounts', trouble: { boundaryAmounts: true, rulesEvery: 2_000 } },
  {
    name: 'a crowd out of order, users evicted after a minute',
    trouble: { crowd: true, disorder: true, equalTimes: true, garbage: true, rulesEvery: 5_000 },
    stateTtlMs: 60_000,
  },
  {
    name: 'everything at once, users evicted after 5 minutes',
    trouble: { disorder: true, equalTimes: true, garbage: true, boundaryAmounts: true, rulesEvery: 10_000 },
    stateTtlMs: 300_000,
  },
];

describe('fraud engine against the plain reference engine', function () {
  // A million purchases through two engines, one of them plain on purpose.
  this.timeout(600_000);
  let generated: Transaction[] = [];

  before(() => {
    generated = generatedPurchases();
  });

  it('raises identical alerts on over a million generated and adversarial purchases', () => {
    const total = new Map<RuleName, number>();
    let purchases = 0;
    const streams: Array<{ name: string; steps: Step[]; stateTtlMs?: number }> = [
      { name: 'generated, default rules', steps: generated.map((purchase) => ({ purchase })) },
    ];
    VARIANTS.forEach(({ name, trouble, stateTtlMs }, i) =>
      streams.push({
        name,
        steps: adversarial(generated, trouble, new Rng(100 + i), `v${i}-`),
        ...(stateTtlMs === undefined ? {} : { stateTtlMs }),
      }),
    );
    for (const stream of streams) {
      const ttl = stream.stateTtlMs;
      const outcome = compare(
        stream.steps,
        new FraudEngine(DEFAULT_RULES, ttl === undefined ? {} : { stateTtlMs: ttl }),
        new ReferenceFraudEngine(DEFAULT_RULES, ttl),
      );
      assert.deepEqual(outcome.mismatches, [], `${stream.name}: the engines disagree`);
      purchases += outcome.purchases;
      for (const [rule, n] of outcome.alertsByRule) total.set(rule, (total.get(rule) ?? 0) + n);
    }
    assert.ok(purchases >= 1_000_000, `${purchases} purchases compared`);
    for (const rule of RULE_NAMES) {
      assert.ok((total.get(rule) ?? 0) >= 100, `${rule} fired in ${total.get(rule) ?? 0} alerts: too few to compare`);
    }
  });

  it('notices a rule that differs: the comparison can fail', () => {
    const steps: Step[] = generated.slice(0, 50_000).map((purchase) => ({ purchase }));
    const stricter: RuleSet = withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '999' });
    const outcome = compare(steps, new FraudEngine(DEFAULT_RULES), new ReferenceFraudEngine(stricter));
    assert.ok(outcome.mismatches.length > 0, 'a reference with another velocity limit gives other alerts');
  });
});
