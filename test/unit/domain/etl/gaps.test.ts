import assert from 'node:assert/strict';
import { dueHoursToCheck, hoursBetween, missingHours } from '../../../../src/domain/etl/gaps';

const at = (iso: string): number => Date.parse(`${iso}:00:00Z`);

describe('ETL gaps', () => {
  it('lists the hours of a range with no successful load, in order, both ends included', () => {
    const loaded = [at('2026-11-25T00'), at('2026-11-25T02'), at('2026-11-24T23')];
    assert.deepEqual(missingHours(at('2026-11-25T00'), at('2026-11-25T04'), loaded), [
      at('2026-11-25T01'),
      at('2026-11-25T03'),
      at('2026-11-25T04'),
    ]);
    assert.deepEqual(missingHours(at('2026-11-25T02'), at('2026-11-25T02'), loaded), []);
    assert.equal(hoursBetween(at('2026-11-25T00'), at('2026-11-26T00')).length, 25);
    assert.throws(() => hoursBetween(at('2026-11-25T05'), at('2026-11-25T00')), /ends at or after/);
  });

  it('checks the last day of due hours, never before the first hour the ledger knows', () => {
    const now = Date.parse('2026-11-25T12:30:00Z');
    // 11:00 is not due until 13:00; 10:00 is the last due hour.
    assert.deepEqual(dueHoursToCheck(now, at('2026-11-20T00')), { fromMs: at('2026-11-24T11'), toMs: at('2026-11-25T10') });
    assert.deepEqual(dueHoursToCheck(now, at('2026-11-25T08')), { fromMs: at('2026-11-25T08'), toMs: at('2026-11-25T10') });
    assert.equal(dueHoursToCheck(now, at('2026-11-25T11')), undefined);
    assert.equal(dueHoursToCheck(now, undefined), undefined);
  });
});
