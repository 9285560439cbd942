import assert from 'node:assert/strict';
import { formatHour, hourStartOf, parseHour } from '../../../src/domain/hour';

describe('the hour', () => {
  it('names an hour YYYY-MM-DDTHH in UTC, and reads it back to its start', () => {
    const startMs = Date.parse('2026-11-25T12:00:00Z');
    assert.equal(hourStartOf(startMs + 3_599_999), startMs);
    assert.equal(formatHour(startMs + 59 * 60_000), '2026-11-25T12');
    assert.equal(parseHour('2026-11-25T12'), startMs);
  });

  it('refuses hours that are not one, including dates a calendar lacks', () => {
    for (const text of ['2026-11-25T12:00', '2026-11-25 12', '2026-02-30T12', '2026-11-25T24', '2026-1-25T12', '']) {
      assert.throws(() => parseHour(text), RangeError, text);
    }
  });
});
