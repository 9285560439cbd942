import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES } from '../../../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../src/domain/generator';

/** Runs the command; returns its exit status and output. */
function streamify(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('node', ['bin/streamify.js', ...args], { encoding: 'utf8' });
}

describe('streamify fraud backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backtest-'));
  const input = join(dir, 'events.jsonl');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    const options = { ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.parse('2026-01-01T00:00:00.000Z'), fraudRate: 0.05, users: 500 };
    const events = new EventGenerator(options).take(20_000).map((e) => JSON.stringify(e.event));
    writeFileSync(input, `${events.join('\n')}\nnot json\n`);
  });

  it('writes the same alerts byte for byte on every run, and scores labelled input per pattern', () => {
    const runs = ['a.jsonl', 'b.jsonl'].map((name) => {
      const output = join(dir, name);
      return { ...streamify(['fraud', 'backtest', '--input', input, '--output', output]), alerts: readFileSync(output, 'utf8') };
    });
    const [first, second] = runs as [(typeof runs)[0], (typeof runs)[0]];
    assert.equal(first.status, 0, first.stderr);
    assert.ok(first.alerts.length > 0);
    assert.equal(second.alerts, first.alerts);
    assert.match(first.stdout, /^20,001 lines: .* 1 invalid$/m);
    assert.match(first.stdout, /^pattern\s+incidents\s+detected\s+alerts\s+precision\s+recall\s+f1$/m);
    assert.match(first.stdout, /^all\s+\d+/m);
  });

  it('names the invalid lines on stderr without failing', () => {
    const run = streamify(['fraud', 'backtest', '--input', input]);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /^1 invalid lines skipped; the first:\n  line 20001: not JSON/m);
  });

  it('fails with the file named when the input is missing', () => {
    const missing = join(dir, 'missing.jsonl');
    const run = streamify(['fraud', 'backtest', '--input', missing]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`--input ${missing}: no such file`));
  });

  it('fails with the field named when the rules file is invalid', () => {
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ ...DEFAULT_RULES, velocity: { ...DEFAULT_RULES.velocity, limitUsd: -1 } }));
    const run = streamify(['fraud', 'backtest', '--input', input, '--rules', rules]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /--rules .*: invalid rules: velocity\.limitUsd:/);
  });
});
