import assert from 'node:assert/strict';
import { judgeStep, kneeOf, type KneeSample } from '../../../bench/pipeline-knee';

const limits = { settleMs: 10_000, maxLagSeconds: 2, minRateShare: 0.95 };

/**
 * A sample every 2 s over 70 s: the fraud group's topic grows 900 messages/s, the lake's 10,000/s; lags are
 * functions of the sample's time in seconds.
 */
function step(fraudLag: (s: number) => number, lakeLag: (s: number) => number): KneeSample[] {
  return Array.from({ length: 36 }, (_, i) => {
    const s = i * 2;
    return {
      elapsedMs: s * 1000,
      groups: { fraud: { lag: fraudLag(s), input: 900 * s }, lake: { lag: lakeLag(s), input: 10_000 * s } },
    };
  });
}

describe('pipeline knee', () => {
  describe('judgeStep', () => {
    it('holds a step where every group stays within 2 s of its own input, whatever the settling did', () => {
      const verdict = judgeStep(
        step(
          (s) => (s < 10 ? 50_000 : 900),
          (s) => (s < 10 ? 500_000 : 15_000),
        ),
        10_000,
        9_900,
        limits,
      );
      assert.equal(verdict.held, true, verdict.reasons.join('; '));
      assert.ok(Math.abs((verdict.worstLagSeconds.fraud as number) - 1) < 0.01);
      assert.ok(Math.abs((verdict.worstLagSeconds.lake as number) - 1.5) < 0.01);
    });

    it('judges a group by its own input: 2,700 messages are 3 s behind for the fraud group, not 0.27 s', () => {
      const verdict = judgeStep(
        step(
          () => 2_700,
          () => 0,
        ),
        10_000,
        10_000,
        limits,
      );
      assert.equal(verdict.held, false);
      assert.match(verdict.reasons.join(), /fraud fell 3\.0 s behind/);
      assert.equal(verdict.worstLagSeconds.lake, 0);
    });

    it('fails a step whose lag grows past 2 s once, even if it recovers', () => {
      const verdict = judgeStep(
        step(
          () => 0,
          (s) => (s === 40 ? 25_000 : 1_000),
        ),
        10_000,
        10_000,
        limits,
      );
      assert.equal(verdict.held, false);
      assert.match(verdict.reasons.join(), /lake fell 2\.5 s behind/);
    });

    it('fails a step the producer could not reach: it proves nothing about the consumers', () => {
      const verdict = judgeStep(
        step(
          () => 0,
          () => 0,
        ),
        30_000,
        20_000,
        limits,
      );
      assert.equal(verdict.held, false);
      assert.match(verdict.reasons.join(), /producer reached 20000 events\/s of the 30000/);
    });

    it('fails a step with fewer than two samples after settling', () => {
      const verdict = judgeStep(
        step(
          () => 0,
          () => 0,
        ).slice(0, 6),
        10_000,
        10_000,
        limits,
      );
      assert.equal(verdict.held, false);
      assert.match(verdict.reasons.join(), /1 samples after settling/);
    });
  });

  describe('kneeOf', () => {
    it('is the highest rate held in an unbroken run from the lowest step', () => {
      const steps = [
        { rate: 20_000, held: false },
        { rate: 5_000, held: true },
        { rate: 10_000, held: true },
        { rate: 30_000, held: true },
      ];
      assert.equal(kneeOf(steps), 10_000);
    });

    it('is undefined when the lowest step was not held', () => {
      assert.equal(kneeOf([{ rate: 5_000, held: false }]), undefined);
    });
  });
});
