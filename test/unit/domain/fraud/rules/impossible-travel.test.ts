import assert from 'node:assert/strict';
import { DEFAULT_IMPOSSIBLE_TRAVEL, impossibleTravel } from '../../../../../src/domain/fraud/rules/impossible-travel';
import { destinationPoint, type GeoPoint } from '../../../../../src/domain/geo';
import { emptyHistory } from '../../../../support/fraud-history';
import { NEW_YORK, purchase, T0 } from '../../../../support/purchase';

const HOUR_MS = 3_600_000;

/** The verdict on a purchase at `to`, `afterMs` after one in New York at T0. */
function verdict(to: GeoPoint, afterMs: number, r = DEFAULT_IMPOSSIBLE_TRAVEL) {
  const s = emptyHistory();
  s.rememberPlace(T0, NEW_YORK.lat, NEW_YORK.lon);
  const t = T0 + afterMs;
  return impossibleTravel(r, s, purchase({ location: { country: 'XX', city: 'X', ...to } }), t);
}

const east = (km: number): GeoPoint => destinationPoint(NEW_YORK, km, 90);

describe('rule impossible_travel (over 900 km/h, over at least 50 km)', () => {
  it('does not fire just below the speed limit, fires just above it at score 0.50', () => {
    assert.equal(verdict(east(899), HOUR_MS), undefined);
    const hit = verdict(east(901), HOUR_MS);
    assert.equal(hit?.rule, 'impossible_travel');
    assert.match(hit?.reason ?? '', /^901 km from the previous purchase in 60\.0 min \(901 km\/h, limit 900 km\/h\)$/);
    assert.ok(Math.abs((hit?.score ?? 0) - 0.5) < 0.001, `score ${hit?.score}`);
  });

  it('needs at least 50 km even with no time between the purchases', () => {
    assert.equal(verdict(east(49), 0), undefined);
    assert.match(verdict(east(51), 0)?.reason ?? '', /no time at all/);
  });

  it('scores 0.75 at twice the limit, and with minConfidence 1 fires only there', () => {
    assert.equal(verdict(east(1802), HOUR_MS)?.score, 0.75);
    const sure = { ...DEFAULT_IMPOSSIBLE_TRAVEL, minConfidence: 1 };
    assert.equal(verdict(east(1790), HOUR_MS, sure), undefined);
    assert.equal(verdict(east(1802), HOUR_MS, sure)?.rule, 'impossible_travel');
  });

  it('compares with the latest place at or before the purchase in event time, the last to arrive among equal times', () => {
    const s = emptyHistory();
    const paris = { lat: 48.8566, lon: 2.3522 };
    s.rememberPlace(T0, NEW_YORK.lat, NEW_YORK.lon);
    s.rememberPlace(T0 + 10 * HOUR_MS, paris.lat, paris.lon);
    const nearNewYork = purchase({ location: { country: 'US', city: 'New York', ...NEW_YORK } });
    assert.equal(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, s, nearNewYork, T0 + 60_000), undefined);
    s.rememberPlace(T0, paris.lat, paris.lon);
    assert.equal(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, s, nearNewYork, T0 + 60_000)?.rule, 'impossible_travel');
  });

  it('does not judge a purchase without a location, a first place, or when disabled', () => {
    const s = emptyHistory();
    s.rememberPlace(T0, NEW_YORK.lat, NEW_YORK.lon);
    assert.equal(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, s, purchase({ location: null }), T0), undefined);
    assert.equal(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, emptyHistory(), purchase(), T0), undefined);
    assert.equal(verdict(east(5000), 0, { ...DEFAULT_IMPOSSIBLE_TRAVEL, enabled: false }), undefined);
  });

  it('measures across the poles and the date line on the great circle', () => {
    const s = emptyHistory();
    s.rememberPlace(T0, 90, 0);
    const southPole = purchase({ location: { country: 'AQ', city: 'Pole', lat: -90, lon: 180 } });
    assert.match(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, s, southPole, T0 + HOUR_MS)?.reason ?? '', /^20015 km/);
    const overDateLine = purchase({ location: { country: 'FJ', city: 'X', lat: 90, lon: -180 } });
    assert.equal(impossibleTravel(DEFAULT_IMPOSSIBLE_TRAVEL, s, overDateLine, T0), undefined);
  });
});
