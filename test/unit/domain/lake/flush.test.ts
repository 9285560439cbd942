import assert from 'node:assert/strict';
import {
  PartitionBuffer,
  groupByHour,
  hourStartOf,
  lakeFileKey,
  planFlush,
  progressKey,
  type LakeRecord,
} from '../../../../src/domain/lake';

const T12 = Date.parse('2026-11-25T12:00:00.000Z');
const HOUR = 3_600_000;
const record = (eventTimeMs: number, id: string): LakeRecord => ({ eventTimeMs, row: { id } });
const policy = { maxMessages: 3, maxAgeMs: 60_000 };

describe('lake layout', () => {
  it('names a file from its dataset, event-time hour, topic, partition and offsets', () => {
    const range = { topic: 'sales-x1', partition: 4, firstOffset: 100, lastOffset: 199 };
    assert.equal(lakeFileKey('transactions', T12, range), 'raw/transactions/dt=2026-11-25/hour=12/sales-x1-4-100-199.parquet');
    assert.equal(lakeFileKey('alerts', T12 + 12 * HOUR, range), 'raw/alerts/dt=2026-11-26/hour=00/sales-x1-4-100-199.parquet');
    assert.equal(progressKey('activity', 'user_activity', 0), '_watermarks/activity/user_activity-0.json');
  });

  it('puts the last millisecond of an hour in that hour and the next one in the next', () => {
    assert.equal(hourStartOf(T12 + HOUR - 1), T12);
    assert.equal(hourStartOf(T12 + HOUR), T12 + HOUR);
  });

  it('groups rows by hour in ascending hours, keeping their order within an hour', () => {
    const groups = groupByHour([record(T12 + HOUR + 5, 'b1'), record(T12 + 1, 'a1'), record(T12 + HOUR, 'b2'), record(T12 + 2, 'a2')]);
    assert.deepEqual(
      groups.map((g) => [g.hourStartMs, g.items.map((i) => i.row.id)]),
      [
        [T12, ['a1', 'a2']],
        [T12 + HOUR, ['b1', 'b2']],
      ],
    );
  });
});

describe('partition buffer', () => {
  it('is due by size once it holds the policy’s messages, dead letters included', () => {
    const buffer = new PartitionBuffer<string>('t', 0);
    buffer.add(10, 0, { record: record(T12, 'a') });
    buffer.add(11, 0, { deadLetter: 'bad' });
    assert.equal(buffer.due(0, policy), undefined);
    buffer.add(12, 0, { record: record(T12, 'b') });
    assert.equal(buffer.due(0, policy), 'size');
  });

  it('is due by age once its oldest message has waited the policy’s time, and never when empty', () => {
    const buffer = new PartitionBuffer<string>('t', 0);
    assert.equal(buffer.due(1e9, policy), undefined);
    buffer.add(0, 1000, { record: record(T12, 'a') });
    buffer.add(1, 50_000, { record: record(T12, 'b') });
    assert.equal(buffer.due(60_999, policy), undefined);
    assert.equal(buffer.due(61_000, policy), 'age');
  });

  it('hands over its contents with their offset range and starts afresh, ageing from the next message', () => {
    const buffer = new PartitionBuffer<string>('t', 1);
    buffer.add(5, 0, { record: record(T12, 'a') });
    buffer.add(7, 0, { deadLetter: 'bad' });
    const batch = buffer.take();
    assert.deepEqual(batch && { ...batch, records: batch.records.length }, {
      topic: 't',
      partition: 1,
      records: 1,
      deadLetters: ['bad'],
      firstOffset: 5,
      lastOffset: 7,
    });
    assert.equal(buffer.take(), undefined);
    buffer.add(8, 100_000, { record: record(T12, 'c') });
    assert.equal(buffer.due(120_000, policy), undefined);
    assert.equal(buffer.take()?.firstOffset, 8);
  });

  it('skips a redelivered offset, buffered or already handed over', () => {
    const buffer = new PartitionBuffer<string>('t', 0);
    buffer.add(5, 0, { record: record(T12, 'a') });
    buffer.take();
    assert.equal(buffer.isNew(5), false);
    assert.equal(buffer.isNew(6), true);
    assert.throws(() => buffer.add(4, 0, { record: record(T12, 'x') }), /already taken in/);
  });
});

describe('flush plan', () => {
  it('writes one file per event-time hour, all named from the batch’s offsets, and commits after the last', () => {
    const plan = planFlush('transactions', {
      topic: 'sales_stream',
      partition: 3,
      records: [record(T12 + 10, 'a'), record(T12 + HOUR + 10, 'b'), record(T12 + 20, 'c')],
      deadLetters: ['bad'],
      firstOffset: 40,
      lastOffset: 43,
    });
    assert.deepEqual(
      plan.files.map((f) => [f.key, f.rows.map((r) => r.id)]),
      [
        ['raw/transactions/dt=2026-11-25/hour=12/sales_stream-3-40-43.parquet', ['a', 'c']],
        ['raw/transactions/dt=2026-11-25/hour=13/sales_stream-3-40-43.parquet', ['b']],
      ],
    );
    assert.deepEqual([plan.rows, plan.deadLetters, plan.maxEventTimeMs, plan.commitOffset], [3, ['bad'], T12 + HOUR + 10, 44]);
  });

  it('writes no file for a batch of refused messages, yet commits past them', () => {
    const plan = planFlush('activity', { topic: 'a', partition: 0, records: [], deadLetters: ['x', 'y'], firstOffset: 0, lastOffset: 1 });
    assert.deepEqual([plan.files, plan.maxEventTimeMs, plan.commitOffset], [[], null, 2]);
  });
});
