import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateTransaction } from '../../../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../../src/domain/generator';
import { runBacktest } from '../../../../src/domain/fraud/backtest';
import { fuzzCorpus } from '../../../support/fuzz-corpus';

/** Whether a line is a valid purchase to the backtest, whose clock puts no bound on future event times. */
function validPurchaseLine(line: string): boolean {
  try {
    return validateTransaction(JSON.parse(line), Number.MAX_SAFE_INTEGER).ok;
  } catch {
    return false;
  }
}

const UNKNOWN_PATTERNS = ['card_testing', 'account_takeover_v2', 'tool:velocity-7', 'friendly_fraud'];

/** Held-out labelled traffic whose purchases carry pattern names the schema does not list, extra fields and a few broken labels. */
function heldOut(): { lines: string[]; purchases: number } {
  const events = new EventGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    seed: 99,
    startMs: Date.parse('2026-01-01T00:00:00Z'),
    fraudRate: 0.05,
    users: 300,
  }).take(20_000);
  let purchases = 0;
  const lines = events.map((e, i) => {
    if (e.kind !== 'purchase') return JSON.stringify(e.event);
    purchases += 1;
    const label =
      i % 7 === 0
        ? { is_fraud: 'yes', pattern: 42 }
        : { ...e.event.label, is_fraud: true, pattern: UNKNOWN_PATTERNS[i % UNKNOWN_PATTERNS.length], tool: 'labeller 3' };
    return JSON.stringify({ ...e.event, label, labelled_by: 'a tool of our own', user_segment: 'vip' });
  });
  return { lines, purchases };
}

function backtestCli(lines: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'streamify-backtest-')), 'events.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return spawnSync('node', ['bin/streamify.js', 'fraud', 'backtest', '--input', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
}

describe('fraud backtest on unknown metadata and hostile lines', function () {
  this.timeout(600_000);

  it('accepts every held-out purchase carrying an unknown label pattern, extra fields or a broken label', () => {
    const { lines, purchases } = heldOut();
    const run = backtestCli(lines);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`: ${purchases.toLocaleString('en')} purchases, .* 0 invalid`));
  });

  it('counts every valid purchase of 100,000 mutated lines among 100,000 valid ones, with the alerts of the valid alone', async () => {
    const corpus = fuzzCorpus({ seed: 2026, valid: 100_000, mutated: 100_000 });
    const lines = corpus.map((m) => m.value.toString('utf8'));
    const report = await runBacktest(lines);
    const validPurchases = lines.filter(validPurchaseLine);
    assert.ok(validPurchases.length >= corpus.filter((m) => m.valid && m.stream === 'sales').length);
    assert.equal(report.lines, corpus.length);
    assert.equal(report.purchases, validPurchases.length);
    assert.ok(report.invalid > 30_000, `${report.invalid} invalid`);
    const clean = await runBacktest(validPurchases);
    assert.deepEqual(report.alerts, clean.alerts);
  });

  it('leaves `streamify fraud backtest` at exit 0 on a mutated corpus, every valid purchase counted', () => {
    const corpus = fuzzCorpus({ seed: 7, valid: 10_000, mutated: 10_000 });
    const run = backtestCli(corpus.map((m) => m.value.toString('utf8')));
    assert.equal(run.status, 0, run.stderr.slice(0, 2000));
    const purchases = corpus.map((m) => m.value.toString('utf8')).filter(validPurchaseLine).length;
    assert.match(run.stdout, new RegExp(`: ${purchases.toLocaleString('en')} purchases,`));
  });
});
