import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  PaneBuilder,
  WindowEngine,
  WindowMerger,
  type PaneReport,
  type WindowInput,
  type WindowResult,
} from '../../../../src/domain/analytics';
import { DEFAULT_RULES, FraudEngine } from '../../../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { T0, purchase } from './inputs';

const PARTITIONS = 4;
const partitionOf = (userId: string): number => createHash('md5').update(userId).digest().readUInt32BE(0) % PARTITIONS;
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

/** Generated purchases, activity and the alerts the fraud engine raises on them, in event-time order. */
function inputs(count: number): Array<{ input: WindowInput; source: string }> {
  const fraud = new FraudEngine(DEFAULT_RULES);
  const out: Array<{ input: WindowInput; source: string }> = [];
  for (const e of new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: T0, fraudRate: 0.05, users: 3000 }).take(count)) {
    const partition = partitionOf(e.event.user_id);
    if (e.kind === 'purchase') {
      out.push({ input: { kind: 'purchase', event: e.event }, source: `sales/${partition}` });
      const alert = fraud.process(e.event, e.timeMs);
      if (alert) out.push({ input: { kind: 'alert', event: alert }, source: `alerts/${partition}` });
    } else {
      out.push({ input: { kind: 'activity', event: e.event }, source: `activity/${partition}` });
    }
  }
  return out;
}

describe('two-stage windows: partitions report panes, one stage merges them', () => {
  it('gives exactly the results of one engine over all input, however the partitions interleave', () => {
    const all = inputs(60_000);
    // Every partition ends with an event far ahead, so that every window over the input closes.
    const ending = purchase(FAR_FUTURE - T0, { status: 'failed' });
    const single = new WindowEngine();
    const expected: WindowResult[] = [];
    for (const { input, source } of all) expected.push(...single.add(input, source, T0).results);
    expected.push(...single.add(ending, 'end', T0).results, ...single.tick(FAR_FUTURE).results);

    // Each partition in its own order, the partitions taken in an order of their own.
    const bySource = new Map<string, WindowInput[]>();
    for (const { input, source } of all) {
      const list = bySource.get(source);
      if (list === undefined) bySource.set(source, [input]);
      else list.push(input);
    }
    const builders = new Map([...bySource.keys()].map((s) => [s, new PaneBuilder(s, 10_000, 10_000)]));
    const reports: PaneReport[] = [];
    const cursors = new Map([...bySource.keys()].map((s) => [s, 0]));
    const unfinished = (): boolean => [...bySource].some(([source, list]) => cursors.get(source)! < list.length);
    for (let round = 0; unfinished(); round++) {
      for (const [source, list] of bySource) {
        const from = cursors.get(source)!;
        const take = 1 + ((round * 7 + source.length) % 500);
        for (const input of list.slice(from, from + take)) {
          const out = builders.get(source)!.add(input);
          assert.equal(out.late, undefined, 'nothing is late in order');
          if (out.report) reports.push(out.report);
        }
        cursors.set(source, from + take);
      }
    }
    const merger = new WindowMerger();
    const actual: WindowResult[] = [];
    for (const r of reports) actual.push(...merger.add(JSON.parse(JSON.stringify(r)) as PaneReport, T0));
    for (const [source, builder] of builders) {
      const out = builder.add(ending);
      if (out.report) actual.push(...merger.add(out.report, T0));
      assert.ok(out.report, `${source} reports its last panes`);
    }
    actual.push(...merger.tick(FAR_FUTURE));
    assert.ok(expected.length > 20, `enough windows (${expected.length})`);
    const overInput = (results: WindowResult[]): WindowResult[] => results.filter((r) => Date.parse(r.window_start) < FAR_FUTURE - 120_000);
    assert.deepEqual(overInput(actual), overInput(expected));
  });

  it('reports a late input with its reason and counts it in the windows still open', () => {
    const builder = new PaneBuilder('sales/0', 10_000, 10_000);
    builder.add(purchase(0));
    const moved = builder.add(purchase(35_000));
    assert.deepEqual(
      moved.report?.panes.map((p) => p.index),
      [Math.floor(T0 / 10_000)],
    );
    const late = builder.add(purchase(12_000));
    assert.match(late.late?.reason ?? '', /13000 ms behind the watermark/);
    const next = builder.add(purchase(50_000));
    assert.deepEqual(next.report?.late, [{ pane: Math.floor((T0 + 12_000) / 10_000), count: 1 }]);

    const last = builder.add(purchase(200_000));
    const merger = new WindowMerger();
    const results = [moved, next, last].flatMap((out) => merger.add(out.report!, T0));
    const windowOf12s = results.find((r) => r.window_start === new Date(T0 + 10_000).toISOString());
    assert.equal(windowOf12s?.late_events, 1);
  });

  it('emits nothing again for windows marked as already emitted', () => {
    const builder = new PaneBuilder('sales/0', 10_000, 0);
    const reports = [0, 30_000, 90_000, 200_000].map((t) => builder.add(purchase(t)).report).filter((r) => r !== undefined);
    const merger = new WindowMerger();
    merger.markEmittedThrough(T0 + 20_000);
    const results = reports.flatMap((r) => merger.add(r, T0));
    assert.ok(results.length > 0);
    for (const r of results) assert.ok(Date.parse(r.window_start) > T0 + 20_000, r.window_start);
  });

  it('counts a pane once when a quiet partition reports it early and again when its time moves on', () => {
    const quiet = new PaneBuilder('sales/1', 10_000, 10_000);
    const busy = new PaneBuilder('sales/0', 10_000, 10_000);
    const merger = new WindowMerger({ idleTimeoutMs: 5000 });
    quiet.add(purchase(1000, { amount: 5 }));
    const early = quiet.reportOpen();
    assert.deepEqual(
      early?.panes.map((p) => p.revenueCents),
      [500],
    );
    assert.equal(quiet.reportOpen(), undefined, 'nothing new, nothing to report');
    merger.add(early!, T0);
    quiet.add(purchase(2000, { amount: 7, transaction_id: 't-b' }));
    merger.add(quiet.reportOpen()!, T0);
    const results = [busy.add(purchase(0, { amount: 1, transaction_id: 't-c' })), busy.add(purchase(200_000, { status: 'failed' }))]
      .flatMap((out) => (out.report ? merger.add(out.report, T0 + 1000) : []))
      .concat(merger.tick(T0 + 10_000));
    const first = results.find((r) => r.window_start === new Date(T0).toISOString());
    assert.equal(first?.revenue, 13, 'both purchases of the quiet partition, each once, and the busy one');
    assert.equal(first?.transactions, 3);
  });
});
