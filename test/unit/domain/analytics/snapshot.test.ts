import assert from 'node:assert/strict';
import { WindowEngine, type AddOutput, type EngineSnapshot, type WindowInput } from '../../../../src/domain/analytics';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { T0 } from './inputs';

interface Arrival {
  readonly input: WindowInput;
  readonly source: string;
  readonly nowMs: number;
}

/** Generated events over three sources, one in fifty delivered 30 s late: behind the watermark by then. */
function arrivals(count: number): Arrival[] {
  const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: T0, ratePerSecond: 300 }).take(count);
  return events
    .map((e, i) => ({ input: e, source: `sales_stream/${i % 3}`, nowMs: e.timeMs + (i % 50 === 7 ? 30_000 : 0) }))
    .sort((a, b) => a.nowMs - b.nowMs);
}

function run(engine: WindowEngine, part: readonly Arrival[]): AddOutput[] {
  return part.map((a) => engine.add(a.input, a.source, a.nowMs)).filter((o) => o.results.length + o.early.length + o.late.length > 0);
}

describe('window engine snapshots', () => {
  const all = arrivals(40_000);
  const half = all.length / 2;

  it('goes on after a JSON round trip of its snapshot exactly as the engine that took it', () => {
    const original = new WindowEngine({ slideMs: 5_000, earlyResults: true });
    run(original, all.slice(0, half));
    const text = JSON.stringify(original.snapshot());
    const restored = WindowEngine.restore(JSON.parse(text) as EngineSnapshot);
    assert.deepEqual(restored.options, original.options);

    const expected = run(original, all.slice(half));
    const actual = run(restored, all.slice(half));
    assert.ok(
      expected.some((o) => o.results.length > 0) && expected.some((o) => o.late.length > 0),
      'the rest closes windows and has late events',
    );
    assert.deepEqual(actual, expected);
    const lastNowMs = (all.at(-1) as Arrival).nowMs;
    assert.deepEqual(restored.tick(lastNowMs + 60_000), original.tick(lastNowMs + 60_000));
    assert.deepEqual(restored.snapshot(), original.snapshot());
  });

  it('is plain JSON that shares nothing with the engine', () => {
    const engine = new WindowEngine();
    run(engine, all.slice(0, 1_000));
    const snapshot = engine.snapshot();
    const text = JSON.stringify(snapshot);
    assert.deepEqual(JSON.parse(text), snapshot);
    run(engine, all.slice(1_000, 2_000));
    assert.equal(JSON.stringify(snapshot), text);
  });

  it('refuses a snapshot of another version', () => {
    const snapshot = { ...new WindowEngine().snapshot(), version: 2 } as unknown as EngineSnapshot;
    assert.throws(() => WindowEngine.restore(snapshot), /snapshot version 2/);
  });
});
