import assert from 'node:assert/strict';
import { backfillTimes, scheduledHourStartMs } from '../../../../src/domain/etl/contract';
import { partitionHourOf, retentionCutoffMs } from '../../../../src/domain/etl/retention';

describe('ETL hours', () => {
  it('gives a scheduled run the hour before its scheduled time, whatever the minute', () => {
    assert.equal(scheduledHourStartMs(Date.parse('2026-11-25T13:05:00Z')), Date.parse('2026-11-25T12:00:00Z'));
    assert.equal(scheduledHourStartMs(Date.parse('2026-11-26T00:00:00Z')), Date.parse('2026-11-25T23:00:00Z'));
  });

  it('backfills hours by the scheduled times that would have run them: :05 of the next hour, both ends included', () => {
    const { start, end } = backfillTimes(Date.parse('2026-11-25T00:00:00Z'), Date.parse('2026-11-25T05:00:00Z'));
    assert.deepEqual([start.toISOString(), end.toISOString()], ['2026-11-25T01:05:00.000Z', '2026-11-25T06:05:00.000Z']);
    assert.throws(() => backfillTimes(Date.parse('2026-11-25T05:00:00Z'), Date.parse('2026-11-25T00:00:00Z')), /ends at or after/);
  });

  it('counts retention back from the ETL hour and reads the hour of a lake key from its partition folders', () => {
    assert.equal(retentionCutoffMs(Date.parse('2026-11-25T12:00:00Z'), 30), Date.parse('2026-10-26T12:00:00Z'));
    assert.equal(partitionHourOf('raw/transactions/dt=2026-10-01/hour=05/sales_stream-0-1-2.parquet'), Date.parse('2026-10-01T05:00:00Z'));
    assert.equal(partitionHourOf('raw/transactions/README'), undefined);
  });
});
