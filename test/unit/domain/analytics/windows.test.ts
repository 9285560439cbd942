import assert from 'node:assert/strict';
import { WindowEngine, windowsContaining } from '../../../../src/domain/analytics';
import { activity, at, feed, purchase, T0 } from './inputs';

const SPEC = { windowMs: 60_000, slideMs: 10_000 };

describe('window assignment', () => {
  it('puts a time exactly at a window start in that window, and a time exactly at its end in none of it', () => {
    const startsOf = (t: number): number[] => windowsContaining(t, SPEC).map((w) => w.startMs);
    assert.ok(startsOf(T0).includes(T0));
    assert.ok(!startsOf(T0 + 60_000).includes(T0), 'the end is exclusive');
    assert.ok(startsOf(T0 + 59_999).includes(T0));
    assert.ok(!startsOf(T0 - 1).includes(T0));
  });

  it('assigns every time to exactly size/slide windows, aligned to the slide, each holding it', () => {
    const specs = [
      SPEC,
      { windowMs: 60_000, slideMs: 15_000 },
      { windowMs: 60_000, slideMs: 60_000 },
      { windowMs: 30_000, slideMs: 5_000 },
    ];
    for (const spec of specs) {
      for (const t of [T0, T0 + 1, T0 + 9_999, T0 + 10_000, T0 + 123_456, 0, -1]) {
        const windows = windowsContaining(t, spec);
        assert.equal(windows.length, spec.windowMs / spec.slideMs);
        assert.equal(new Set(windows.map((w) => w.startMs)).size, windows.length);
        for (const w of windows) {
          assert.ok(w.startMs <= t && t < w.endMs, `${t} outside [${w.startMs}, ${w.endMs})`);
          assert.equal(w.endMs - w.startMs, spec.windowMs);
          assert.equal(((w.startMs % spec.slideMs) + spec.slideMs) % spec.slideMs, 0);
        }
      }
    }
  });
});

describe('window engine boundaries', () => {
  // Moves the watermark far past every window of interest.
  const flush = activity(1_000_000, 'clock', 'add_to_cart');

  it('counts a purchase exactly at a window start in it, and one exactly at the end only in the next window', () => {
    const { results } = feed(new WindowEngine(), [purchase(0, { amount: 1 }), purchase(60_000, { amount: 2 }), flush]);
    const window = (start: number) => results.find((r) => r.window_start === at(start));
    assert.equal(window(0)?.revenue, 1);
    assert.equal(window(0)?.window_end, at(60_000));
    assert.equal(window(-60_000), undefined, 'the window ending at T0 holds nothing');
    assert.equal(window(10_000)?.revenue, 2);
    assert.equal(window(60_000)?.revenue, 2);
  });

  it('counts an event in exactly size/slide final results, for any slide that divides the size', () => {
    for (const slideMs of [10_000, 20_000, 30_000, 60_000]) {
      const { results } = feed(new WindowEngine({ slideMs }), [purchase(12_345), flush]);
      const holding = results.filter((r) => r.transactions === 1);
      assert.equal(holding.length, 60_000 / slideMs, `slide ${slideMs}`);
      assert.deepEqual(
        holding.map((r) => r.window_start),
        windowsContaining(T0 + 12_345, { windowMs: 60_000, slideMs }).map((w) => new Date(w.startMs).toISOString()),
      );
    }
  });
});
