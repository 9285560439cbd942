import assert from 'node:assert/strict';
import { eventTimeMs } from '../../../src/domain/event-time';

describe('event time parsing', () => {
  it('reads every time exactly as Date.parse does, whatever came before it', () => {
    const texts = [
      '2026-11-25T12:00:00.123Z',
      '2026-11-25T12:00:00.999Z',
      '2026-11-25T12:00:01.000Z',
      // The same time of day on another day: the cached second must not match it.
      '2026-11-26T12:00:01.000Z',
      '2026-11-25T12:00:01.5Z',
      '2026-11-25T12:00:01Z',
      '2026-11-25T14:00:01.250+02:00',
      '2026-11-25T12:00:01.25aZ',
      '2026-11-25T12:00:01.250',
      '2026-11-25T12:00:01.250Z ',
      'not a time',
      '',
      '1999-12-31T23:59:59.999Z',
      '2026-11-25T12:00:01.007Z',
      '2024-02-29T23:59:59.999Z',
      '2026-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-11-25T24:00:00.000Z',
      '2026-11-25T23:60:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '2026-02-31T00:00:00.000Z',
      '2026-11-32T00:00:00.000Z',
      '2026-11-25T23:59:60.000Z',
      // The minute read last, with seconds or separators that are not a time's.
      '2026-11-25T12:00:01x250Z',
      '2026-11-25T12:00:6x.000Z',
      '2026-11-25T12:00:59.999Z',
      '2026-11-25T12:01:00.000Z',
      '2026-11-25 12:01:00.000Z',
      '2026/11/25T12:01:00.000Z',
      '2026-11-25T12-01:00.000Z',
    ];
    for (const order of [texts, [...texts].reverse(), [...texts, ...texts]]) {
      for (const text of order) assert.deepEqual(eventTimeMs(text), Date.parse(text), text);
    }
  });
});
