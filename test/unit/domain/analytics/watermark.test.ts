import assert from 'node:assert/strict';
import { SourceWatermarks } from '../../../../src/domain/analytics/watermark';

const LATENESS_MS = 10_000;
const IDLE_MS = 30_000;

describe('source watermarks', () => {
  it('trails the newest event time of a source by the allowed lateness, and never goes back', () => {
    const w = new SourceWatermarks(LATENESS_MS, IDLE_MS);
    assert.equal(w.watermarkMs, -Infinity);
    assert.equal(w.observe('a', 100_000, 0), true);
    assert.equal(w.watermarkMs, 90_000);
    assert.equal(w.observe('a', 95_000, 1), false, 'an older event moves nothing');
    assert.equal(w.watermarkMs, 90_000);
  });

  it('takes the minimum over the sources that deliver', () => {
    const w = new SourceWatermarks(LATENESS_MS, IDLE_MS);
    w.observe('a', 100_000, 0);
    w.observe('b', 50_000, 0);
    assert.equal(w.watermarkMs, 90_000, 'a source joining late cannot pull the watermark back');
    w.observe('a', 200_000, 1);
    w.observe('b', 150_000, 1);
    assert.equal(w.watermarkMs, 140_000);
    w.observe('b', 300_000, 2);
    assert.equal(w.watermarkMs, 190_000, 'now a holds it back');
  });

  it('stops waiting for a source silent for the idle timeout, and waits for it again once it delivers', () => {
    const w = new SourceWatermarks(LATENESS_MS, IDLE_MS);
    w.observe('a', 100_000, 0);
    w.observe('b', 100_000, 0);
    w.observe('a', 200_000, 10_000);
    assert.equal(w.watermarkMs, 90_000);
    assert.equal(w.advance(IDLE_MS - 1), false, 'b is not idle yet');
    assert.equal(w.advance(IDLE_MS), true);
    assert.equal(w.watermarkMs, 190_000);
    w.observe('b', 210_000, 31_000);
    w.observe('a', 300_000, 31_000);
    assert.equal(w.watermarkMs, 200_000, 'b holds it back again');
  });

  it('follows the newest event time seen once every source is idle', () => {
    const w = new SourceWatermarks(LATENESS_MS, IDLE_MS);
    w.observe('b', 60_000, 0);
    w.observe('a', 100_000, 0);
    assert.equal(w.watermarkMs, 50_000);
    w.advance(IDLE_MS - 1);
    assert.equal(w.watermarkMs, 50_000);
    w.advance(IDLE_MS);
    assert.equal(w.watermarkMs, 90_000);
  });

  it('restores from a plain JSON snapshot to the same behaviour', () => {
    const w = new SourceWatermarks(LATENESS_MS, IDLE_MS);
    w.observe('a', 100_000, 0);
    w.observe('b', 80_000, 0);
    const copy = SourceWatermarks.restore(JSON.parse(JSON.stringify(w.snapshot())), LATENESS_MS, IDLE_MS);
    for (const x of [w, copy]) {
      x.observe('b', 120_000, 1_000);
      x.advance(31_000);
    }
    assert.deepEqual(copy.snapshot(), w.snapshot());
    assert.equal(copy.watermarkMs, 110_000);
  });
});
