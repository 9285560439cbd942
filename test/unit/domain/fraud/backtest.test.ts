import assert from 'node:assert/strict';
import type { Alert } from '../../../../src/domain/events/schema';
import { eventTimeMs } from '../../../../src/domain/event-time';
import { DEFAULT_RULES, FraudEngine, withOverrides } from '../../../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { Rng } from '../../../../src/domain/random';
import { runBacktest, type BacktestProgress } from '../../../../src/domain/fraud/backtest';

// A small population builds the purchase history the profile rules need within a short stream.
const OPTIONS = { ...DEFAULT_GENERATOR_OPTIONS, seed: 7, startMs: Date.parse('2026-01-01T00:00:00.000Z'), fraudRate: 0.05, users: 500 };

/** 50,000 labelled events (about 5,000 purchases), as the lines of `streamify generate`. */
const generated = new EventGenerator(OPTIONS).take(50_000);
const lines = generated.map((e) => JSON.stringify(e.event));

const jsonl = (alerts: readonly Alert[]): string => alerts.map((a) => `${JSON.stringify(a)}\n`).join('');

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = new Rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('fraud backtest', () => {
  it('raises the alerts of one engine fed the purchases in event-time order, dated at their event time', async () => {
    const engine = new FraudEngine(DEFAULT_RULES);
    const expected = generated.flatMap((e) =>
      e.kind === 'purchase' ? (engine.process(e.event, eventTimeMs(e.event.timestamp)) ?? []) : [],
    );
    const report = await runBacktest(lines);
    assert.ok(expected.length > 100, `${expected.length} alerts expected`);
    assert.deepEqual(report.alerts, expected);
    for (const alert of report.alerts) assert.equal(alert.detected_at, alert.event_time);
  });

  it('catches at least 95% of the incidents of every injected pattern, with at least 95% precision', async () => {
    const { scores } = await runBacktest(lines);
    assert.ok(scores, 'labelled input is scored');
    for (const s of scores) {
      assert.ok(s.incidents > 0, `${s.pattern} was injected`);
      assert.ok(s.recall >= 0.95, `${s.pattern} recall ${s.recall}`);
    }
    const all = scores.find((s) => s.pattern === 'all');
    assert.ok(all && all.precision >= 0.95, `precision ${all?.precision}`);
  });

  it('gives byte-identical output for the same input', async () => {
    const first = jsonl((await runBacktest(lines)).alerts);
    const second = jsonl((await runBacktest(lines)).alerts);
    assert.equal(first, second);
  });

  it('gives the same alerts for a shuffled file as for the file in event-time order', async () => {
    const sorted = await runBacktest(lines);
    const mixed = await runBacktest(shuffled(lines, 1));
    assert.equal(jsonl(mixed.alerts), jsonl(sorted.alerts));
    assert.deepEqual(mixed.scores, sorted.scores);
  });

  it('counts invalid lines with their numbers and reasons, and skips activity and blank lines without counting them', async () => {
    const purchase = generated.find((e) => e.kind === 'purchase')?.event;
    const activity = generated.find((e) => e.kind === 'activity')?.event;
    const input = [
      JSON.stringify(activity),
      'not json',
      '',
      JSON.stringify({ ...purchase, amount: -5 }),
      '[1, 2]',
      JSON.stringify(purchase),
      JSON.stringify({ ...purchase, transaction_id: 'before-2000', timestamp: '1999-12-31T23:59:59.000Z' }),
    ];
    const report = await runBacktest(input);
    assert.deepEqual(
      { lines: report.lines, purchases: report.purchases, activity: report.activity, invalid: report.invalid },
      { lines: 7, purchases: 1, activity: 1, invalid: 4 },
    );
    assert.deepEqual(
      report.invalidSamples.map((s) => s.line),
      [2, 4, 5, 7],
    );
    assert.match(report.invalidSamples[0]?.reason ?? '', /^not JSON/);
    assert.match(report.invalidSamples[1]?.reason ?? '', /^amount:/);
    assert.match(report.invalidSamples[2]?.reason ?? '', /^event_type:/);
    assert.match(report.invalidSamples[3]?.reason ?? '', /before 2000/);
  });

  it('accepts purchases from any time after 2000, however far ahead of the wall clock', async () => {
    const purchase = generated.find((e) => e.kind === 'purchase')?.event;
    const at = (timestamp: string, id: string): string => JSON.stringify({ ...purchase, timestamp, transaction_id: id });
    const report = await runBacktest([at('2001-03-04T05:06:07.000Z', 'old'), at('2999-01-01T00:00:00.000Z', 'ahead')]);
    assert.equal(report.purchases, 2);
    assert.equal(report.invalid, 0);
  });

  it('scores only labelled input', async () => {
    const unlabelled = generated.map((e) => JSON.stringify({ ...e.event, label: undefined }));
    const report = await runBacktest(unlabelled);
    assert.equal(report.scores, undefined);
    assert.ok(report.alerts.length > 0);
  });

  it('applies the rules it is given and stamps their version', async () => {
    const rules = withOverrides(DEFAULT_RULES, { 'highAmount.enabled': 'false' });
    const { alerts } = await runBacktest(lines, { rules });
    assert.ok(alerts.length > 0);
    assert.ok(alerts.every((a) => !a.rules.includes('high_amount') && a.rules_version === 2));
  });

  it('reports progress while reading and while detecting', async () => {
    const progress: BacktestProgress[] = [];
    const report = await runBacktest(lines, { onProgress: (p) => progress.push(p), progressEvery: 2000 });
    const reading = progress.filter((p) => p.phase === 'reading');
    const detecting = progress.filter((p) => p.phase === 'detecting');
    assert.equal(reading.length, 25);
    assert.deepEqual(reading.at(-1), { phase: 'reading', done: 50_000 });
    assert.equal(detecting.length, Math.floor(report.purchases / 2000));
    assert.deepEqual(detecting[0], { phase: 'detecting', done: 2000, total: report.purchases });
  });
});
