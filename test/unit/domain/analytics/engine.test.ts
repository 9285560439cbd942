import assert from 'node:assert/strict';
import { WindowEngine, type WindowInput, type WindowResult } from '../../../../src/domain/analytics';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { activity, at, feed, purchase, T0, windowAt } from './inputs';

const A = 'sales_stream/0';
const B = 'sales_stream/1';
/** An input that only moves time on: it feeds no KPI. */
const tickAt = (offsetMs: number): WindowInput => activity(offsetMs, 'clock', 'add_to_cart');

describe('window engine closing', () => {
  it('emits one final result per window, once, when the watermark reaches the window end', () => {
    const engine = new WindowEngine();
    feed(engine, [purchase(5_000), tickAt(69_999)]);
    assert.equal(engine.watermarkMs, T0 + 59_999);
    const closing = feed(engine, [tickAt(70_000)]);
    assert.deepEqual(
      closing.results.map((r) => r.window_start),
      [at(0)],
      'the window [T0, T0+60 s) closes when the watermark reaches T0+60 s',
    );
    assert.equal(closing.results[0]?.transactions, 1);

    const later = feed(
      engine,
      Array.from({ length: 500 }, (_, i) => tickAt(71_000 + i * 1_000)),
    );
    const starts = [...closing.results, ...later.results].map((r) => r.window_start);
    assert.equal(new Set(starts).size, starts.length, 'no window twice');
    assert.deepEqual(starts, [...starts].sort(), 'in window order');
    assert.ok(!later.results.some((r) => r.window_start === at(0)));
  });

  it('counts an out-of-order event that is within the allowed lateness', () => {
    const { results, late } = feed(new WindowEngine(), [purchase(30_000), purchase(21_000), tickAt(500_000)]);
    assert.deepEqual(late, []);
    assert.equal(windowAt(results, 0).transactions, 2);
  });

  it('sends events behind the watermark to the side output, counted as late_events in the windows still open', () => {
    const engine = new WindowEngine();
    const before = feed(engine, [purchase(0), tickAt(65_000)]);
    assert.equal(engine.watermarkMs, T0 + 55_000);
    const lateInputs = [purchase(52_000), purchase(45_000), purchase(-100_000)];
    const { late } = feed(engine, lateInputs);
    assert.equal(engine.stateSize().panes, 4, 'panes at 0, 40, 50 and 60 s; none for an event no open window holds');
    const after = feed(engine, [tickAt(500_000)]);
    const results = [...before.results, ...after.results];

    assert.deepEqual(
      late.map((l) => l.input),
      lateInputs,
    );
    for (const l of late) {
      assert.equal(l.source, A);
      assert.equal(l.watermarkMs, T0 + 55_000);
      assert.match(l.reason, /behind the watermark/);
    }
    assert.equal(late[0]?.eventTimeMs, T0 + 52_000);
    assert.match(late[0]?.reason ?? '', /3000 ms behind the watermark 2026-11-25T12:00:55\.000Z/);
    // Late purchases never reach the sales figures.
    assert.equal(windowAt(results, 0).transactions, 1);
    assert.equal(windowAt(results, 0).late_events, 2);
    assert.equal(windowAt(results, 40_000).late_events, 2);
    assert.equal(windowAt(results, 50_000).late_events, 1, 'holds 52 s, not 45 s');
    assert.equal(windowAt(results, -10_000).late_events, 0, 'emitted before they came');
    assert.equal(
      results.reduce((n, r) => n + r.late_events, 0),
      6 + 5,
    );
  });

  it('puts an input whose event time does not parse in the side output', () => {
    const bad = purchase(0, { timestamp: 'yesterday' });
    const { results, late } = feed(new WindowEngine(), [bad, tickAt(500_000)]);
    assert.equal(late.length, 1);
    assert.equal(late[0]?.input, bad);
    assert.ok(Number.isNaN(late[0]?.eventTimeMs));
    assert.match(late[0]?.reason ?? '', /"yesterday" does not parse/);
    assert.equal(
      results.reduce((n, r) => n + r.transactions, 0),
      0,
    );
  });
});

describe('window engine sources', () => {
  it('holds windows open for the slowest source, and closes them once that source is idle', () => {
    const engine = new WindowEngine();
    const results: WindowResult[] = [];
    const add = (input: WindowInput, source: string, nowMs: number) => {
      const out = engine.add(input, source, nowMs);
      results.push(...out.results);
      return out;
    };
    add(purchase(5_000), A, 0);
    add(purchase(6_000), B, 0);
    add(tickAt(100_000), A, 1_000);
    add(tickAt(110_000), A, 20_000);
    assert.equal(engine.watermarkMs, T0 - 4_000, 'B holds the watermark at its 6 s minus 10 s');
    assert.equal(results.length, 0);

    assert.deepEqual(engine.tick(29_999).results, [], 'B is not idle yet');
    const released = engine.tick(30_000).results;
    assert.equal(engine.watermarkMs, T0 + 100_000);
    assert.equal(windowAt(released, 0).transactions, 2);

    const back = add(purchase(7_000), B, 31_000);
    assert.equal(back.late.length, 1, 'B comes back behind the watermark: late, not lost');
    feed(engine, [tickAt(500_000)], A);
    assert.equal(results.filter((r) => r.window_start === at(0)).length, 0, 'never emitted again');
  });

  it('leaves early results off by default', () => {
    const { early } = feed(new WindowEngine(), [purchase(5_000), tickAt(25_000), tickAt(500_000)]);
    assert.deepEqual(early, []);
  });

  it('gives partial results of open windows when early results are on, then the final one once', () => {
    const engine = new WindowEngine({ earlyResults: true });
    const ofWindow0 = (results: readonly WindowResult[]) => results.filter((r) => r.window_start === at(0)).map((r) => r.transactions);
    const first = feed(engine, [purchase(5_000), tickAt(25_000)]);
    // One partial result each time the watermark crosses a slide: at the first event and at 25 s.
    assert.deepEqual(ofWindow0(first.early), [1, 1]);
    assert.deepEqual(ofWindow0(first.results), []);
    const rest = feed(engine, [purchase(30_000), tickAt(500_000)]);
    assert.deepEqual(ofWindow0(rest.early), [2]);
    assert.deepEqual(ofWindow0(rest.results), [2]);
  });
});

describe('window engine state', () => {
  it('stays bounded: open panes and sessions are only those of the windows the watermark has not passed', () => {
    const engine = new WindowEngine();
    const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: T0, ratePerSecond: 200 }).take(100_000);
    const lastSeen = new Map<string, number>();
    let windows = 0;
    let maxPanes = 0;
    for (const [i, e] of events.entries()) {
      windows += engine.add(e, A, e.timeMs).results.length;
      lastSeen.set(e.event.session_id, e.timeMs);
      if (i % 1000 !== 999) continue;
      const { panes, sessions } = engine.stateSize();
      maxPanes = Math.max(maxPanes, panes);
      // Held: sessions that touched a pane of a window not closed yet, all within 80 s of the newest event.
      let recent = 0;
      for (const t of lastSeen.values()) if (t >= e.timeMs - 90_000) recent += 1;
      assert.ok(sessions <= recent, `${sessions} sessions held, ${recent} seen within 90 s`);
    }
    assert.ok(windows > 40, `${windows} windows`);
    assert.ok(maxPanes <= 8, `${maxPanes} panes: 6 per window, one for the lateness, one in progress`);
    assert.ok(engine.stateSize().sessions < lastSeen.size / 5);
  });

  it('refuses a slide that does not divide the window', () => {
    assert.throws(() => new WindowEngine({ slideMs: 7_000 }), /windowMs must be a positive multiple of slideMs/);
  });
});
