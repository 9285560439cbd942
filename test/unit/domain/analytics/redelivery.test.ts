import assert from 'node:assert/strict';
import { PaneBuilder, WindowEngine, type WindowInput, type WindowResult } from '../../../../src/domain/analytics';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { T0, purchase } from './inputs';

const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

function windowsOf(inputs: readonly WindowInput[]): WindowResult[] {
  const engine = new WindowEngine();
  const results: WindowResult[] = [];
  for (const input of inputs) results.push(...engine.add(input, 'sales/0', T0).results);
  results.push(...engine.tick(FAR_FUTURE).results);
  return results;
}

describe('analytics windows: a purchase counts once', () => {
  it('adds no revenue for a redelivered purchase', () => {
    const once = windowsOf([purchase(1000, { amount: 2500 }), purchase(70_000)]);
    const twice = windowsOf([purchase(1000, { amount: 2500 }), purchase(1000, { amount: 2500 }), purchase(70_000)]);
    assert.equal(once[0]?.revenue, 2500);
    assert.deepEqual(twice, once);
  });

  it('still counts two purchases that differ only in their transaction id (the test can fail)', () => {
    const twoIds = windowsOf([
      purchase(1000, { amount: 2500 }),
      purchase(1000, { amount: 2500, transaction_id: 't-other' }),
      purchase(70_000),
    ]);
    assert.equal(twoIds[0]?.revenue, 5000);
  });

  it('gives the windows of the stream without duplicates when purchases arrive two and three times', () => {
    const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: T0, users: 500, seed: 5 }).take(20_000);
    const inputs: WindowInput[] = events.map((e) =>
      e.kind === 'purchase' ? { kind: 'purchase', event: e.event } : { kind: 'activity', event: e.event },
    );
    const redelivered: WindowInput[] = [];
    inputs.forEach((input, i) => {
      redelivered.push(input);
      if (input.kind === 'purchase' && i % 2 === 0) redelivered.push(input, input);
    });
    const expected = windowsOf(inputs);
    assert.ok(expected.some((w) => w.revenue > 0));
    assert.deepEqual(windowsOf(redelivered), expected);
  });

  it('counts the redeliveries a partition’s pane builder left out', () => {
    const builder = new PaneBuilder('sales/0', 10_000, 5_000);
    for (const input of [purchase(1000), purchase(1000), purchase(2000), purchase(1000)]) builder.add(input);
    assert.equal(builder.redeliveries, 2);
  });
});
