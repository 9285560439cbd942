import assert from 'node:assert/strict';
import { scheduledHourStartMs } from '../../../../src/domain/etl/contract';
import { expiredLakeKeys, lakeKeyTimeMs, partitionHourOf, retentionCutoffMs } from '../../../../src/domain/etl/retention';

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

  it('dates reports by the hour or time they are named after, and leaves keys without a time alone', () => {
    assert.equal(lakeKeyTimeMs('reports/etl/2026-11-25T12.json'), Date.parse('2026-11-25T12:00:00Z'));
    assert.equal(lakeKeyTimeMs('reports/fraud/2026-11-25T12:15:00.000Z.html'), Date.parse('2026-11-25T12:15:00Z'));
    assert.equal(lakeKeyTimeMs('quarantine/raw/alerts/dt=2026-11-25/hour=03/_quarantined.json'), Date.parse('2026-11-25T03:00:00Z'));
    assert.equal(lakeKeyTimeMs('raw/transactions/_watermarks/sales_stream-0.json'), undefined);
    assert.equal(lakeKeyTimeMs('reports/etl/latest.json'), undefined);
  });

  it('expires each zone by its own days and nothing outside the zones', () => {
    const hourStartMs = Date.parse('2026-11-25T12:00:00Z');
    const days = { raw: 1, curated: 2, quarantine: 3, reports: 4 };
    const keys = [
      'raw/transactions/dt=2026-11-24/hour=11/a.parquet',
      'raw/transactions/dt=2026-11-24/hour=12/a.parquet',
      'curated/transactions/dt=2026-11-23/hour=11/part-0.parquet',
      'curated/transactions/dt=2026-11-23/hour=12/part-0.parquet',
      'quarantine/raw/activity/dt=2026-11-22/hour=11/a.parquet',
      'quarantine/raw/activity/dt=2026-11-22/hour=12/a.parquet',
      'reports/etl/2026-11-21T11.json',
      'reports/fraud/2026-11-21T12:00:00.000Z.json',
      'other/dt=2020-01-01/hour=00/a.parquet',
    ];
    assert.deepEqual(expiredLakeKeys(keys, hourStartMs, days), [keys[0], keys[2], keys[4], keys[6]]);
  });
});
