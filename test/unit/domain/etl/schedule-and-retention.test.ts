import assert from 'node:assert/strict';
import { scheduledHourStartMs } from '../../../../src/domain/etl/contract';
import { partitionHourOf, retentionCutoffMs } from '../../../../src/domain/etl/retention';

describe('ETL hours', () => {
  it('gives a scheduled run the hour before its scheduled time, whatever the minute', () => {
    assert.equal(scheduledHourStartMs(Date.parse('2026-11-25T13:05:00Z')), Date.parse('2026-11-25T12:00:00Z'));
    assert.equal(scheduledHourStartMs(Date.parse('2026-11-26T00:00:00Z')), Date.parse('2026-11-25T23:00:00Z'));
  });

  it('counts retention back from the ETL hour and reads the hour of a lake key from its partition folders', () => {
    assert.equal(retentionCutoffMs(Date.parse('2026-11-25T12:00:00Z'), 30), Date.parse('2026-10-26T12:00:00Z'));
    assert.equal(partitionHourOf('raw/transactions/dt=2026-10-01/hour=05/sales_stream-0-1-2.parquet'), Date.parse('2026-10-01T05:00:00Z'));
    assert.equal(partitionHourOf('raw/transactions/README'), undefined);
  });
});
