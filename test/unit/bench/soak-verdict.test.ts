import assert from 'node:assert/strict';
import { soakVerdict, type SoakSample } from '../../../bench/soak-verdict';

const MB = 1 << 20;
const limits = { warmUpMs: 60_000, maxRssGrowth: 0.1, lagSlack: 1000 };

/** A sample every 10 s, with RSS and the lag of one group as functions of the sample's index. */
function run(count: number, rssMb: (i: number) => number, lag: (i: number) => number): SoakSample[] {
  return Array.from({ length: count }, (_, i) => ({ elapsedMs: i * 10_000, rssBytes: rssMb(i) * MB, lag: { fraud: lag(i) } }));
}

describe('soak verdict', () => {
  it('passes flat memory and lag, whatever the warm-up did', () => {
    const verdict = soakVerdict(
      run(
        30,
        (i) => (i < 6 ? 100 + i * 50 : 400 + (i % 2) * 10),
        (i) => (i < 6 ? 50_000 : 2000 + (i % 3) * 300),
      ),
      limits,
    );
    assert.equal(verdict.pass, true, verdict.reasons.join('; '));
    assert.ok(verdict.rssGrowth < 0.01);
  });

  it('fails memory that keeps growing after the warm-up by 10% or more', () => {
    const verdict = soakVerdict(
      run(
        30,
        (i) => 400 + i * 4,
        () => 0,
      ),
      limits,
    );
    assert.equal(verdict.pass, false);
    assert.match(verdict.reasons.join(), /RSS grew/);
  });

  it('fails a group whose lag grows by more than the slack', () => {
    const verdict = soakVerdict(
      run(
        30,
        () => 400,
        (i) => i * 200,
      ),
      limits,
    );
    assert.equal(verdict.pass, false);
    assert.deepEqual(
      verdict.lag.map((l) => [l.group, l.pass]),
      [['fraud', false]],
    );
  });

  it('fails a run too short to judge', () => {
    assert.equal(
      soakVerdict(
        run(
          7,
          () => 400,
          () => 0,
        ),
        limits,
      ).pass,
      false,
    );
  });
});
