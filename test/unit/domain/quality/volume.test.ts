import assert from 'node:assert/strict';
import { volumeAnomaly } from '../../../../src/domain/quality/volume';

/** Fourteen days of the 12:00 hour: about 36,000 purchases with a few percent of day-to-day noise. */
const NOON_HISTORY = [35_800, 36_400, 35_100, 37_000, 36_200, 35_600, 36_900, 36_100, 35_400, 36_700, 35_900, 36_300, 37_200, 35_500];

describe('volume anomaly', () => {
  it('computes the mean, the sample standard deviation and the z-score of the history', () => {
    const stats = volumeAnomaly(130, [100, 120, 140]);
    assert.equal(stats.mean, 120);
    assert.equal(stats.stdDev, 20);
    assert.equal(stats.zScore, 0.5);
  });

  it('finds an ordinary hour within two deviations of the same hour on earlier days', () => {
    const { mean, zScore } = volumeAnomaly(36_500, NOON_HISTORY);
    assert.ok(Math.abs(mean - 36_150) < 1, `mean ${mean}`);
    assert.ok(Math.abs(zScore) < 2, `z ${zScore}`);
  });

  it('scores a spike far above and a drop far below the baseline', () => {
    assert.ok(volumeAnomaly(45_000, NOON_HISTORY).zScore > 10);
    assert.ok(volumeAnomaly(12_000, NOON_HISTORY).zScore < -10);
  });

  it('does not call a handful of extra rows over a perfectly flat history an anomaly', () => {
    const flat = Array.from({ length: 7 }, () => 10_000);
    assert.equal(volumeAnomaly(10_000, flat).zScore, 0);
    assert.ok(volumeAnomaly(10_050, flat).zScore < 1, 'within Poisson noise of √10000 = 100');
    assert.ok(volumeAnomaly(11_000, flat).zScore >= 10);
  });

  it('stays finite over a history of empty hours', () => {
    assert.equal(volumeAnomaly(3, [0, 0, 0]).zScore, 3);
  });

  it('refuses a baseline of fewer than two counts, or counts that are not counts', () => {
    assert.throws(() => volumeAnomaly(1, [1]), /at least 2 counts/);
    assert.throws(() => volumeAnomaly(1, [1, Number.NaN]), /finite and non-negative/);
    assert.throws(() => volumeAnomaly(-1, [1, 2]), /finite and non-negative/);
  });
});
