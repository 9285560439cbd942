import assert from 'node:assert/strict';
import {
  finishedFlush,
  initialProgress,
  lowWatermarkMs,
  planFlush,
  settlePending,
  startedFlush,
  type PartitionProgress,
} from '../../../../src/domain/lake';

const T12 = Date.parse('2026-11-25T12:00:00.000Z');
const NOW = Date.parse('2026-11-25T12:30:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

const plan = (firstOffset: number, lastOffset: number, eventTimeMs: number) =>
  planFlush('transactions', {
    topic: 'sales',
    partition: 0,
    records: [{ eventTimeMs, row: {} }],
    deadLetters: [],
    firstOffset,
    lastOffset,
  });

describe('partition progress', () => {
  it('records a flush as pending before its files and as committed after them', () => {
    const start = initialProgress('sales', 0, NOW);
    const started = startedFlush(start, plan(0, 9, T12 + 5000), NOW);
    assert.deepEqual(started.pending, {
      firstOffset: 0,
      lastOffset: 9,
      maxEventTime: iso(T12 + 5000),
      files: ['raw/transactions/dt=2026-11-25/hour=12/sales-0-0-9.parquet'],
    });
    assert.equal(started.committedOffset, null);
    const done = finishedFlush(start, plan(0, 9, T12 + 5000), NOW + 1);
    assert.deepEqual(done, {
      topic: 'sales',
      partition: 0,
      maxEventTime: iso(T12 + 5000),
      committedOffset: 10,
      updatedAt: iso(NOW + 1),
      pending: null,
    });
  });

  it('never moves the newest event time back when a later flush holds only older events', () => {
    const first = finishedFlush(initialProgress('sales', 0, NOW), plan(0, 9, T12 + 5000), NOW);
    assert.equal(finishedFlush(first, plan(10, 19, T12), NOW).maxEventTime, iso(T12 + 5000));
  });

  describe('after a crash', () => {
    const committed = finishedFlush(initialProgress('sales', 0, NOW), plan(0, 9, T12), NOW);
    const crashed: PartitionProgress = startedFlush(committed, plan(10, 19, T12 + 60_000), NOW);

    it('deletes the files of a flush whose offsets were not committed, as they will be read again', () => {
      const { progress, orphans } = settlePending(crashed, 10, NOW + 1);
      assert.deepEqual(orphans, ['raw/transactions/dt=2026-11-25/hour=12/sales-0-10-19.parquet']);
      assert.deepEqual(progress, { ...committed, updatedAt: iso(NOW + 1) });
      assert.deepEqual(
        settlePending(startedFlush(initialProgress('sales', 0, NOW), plan(0, 9, T12), NOW), null, NOW).orphans.length,
        1,
        'nothing committed yet',
      );
    });

    it('keeps the files of a flush whose offsets were committed, and counts it', () => {
      const { progress, orphans } = settlePending(crashed, 20, NOW + 1);
      assert.deepEqual(orphans, []);
      assert.deepEqual([progress.committedOffset, progress.maxEventTime, progress.pending], [20, iso(T12 + 60_000), null]);
    });

    it('has nothing to settle when no flush was pending', () => {
      assert.deepEqual(settlePending(committed, 10, NOW + 1), { progress: committed, orphans: [] });
    });
  });

  it('takes the oldest newest-event-time over partitions as the watermark, ignoring partitions without rows', () => {
    const at = (partition: number, ms: number | null): PartitionProgress => ({
      ...initialProgress('sales', partition, NOW),
      maxEventTime: ms === null ? null : iso(ms),
    });
    assert.equal(lowWatermarkMs([at(0, T12 + 3000), at(1, T12 + 1000), at(2, null), at(3, T12 + 2000)]), T12 + 1000);
    assert.equal(lowWatermarkMs([at(0, null)]), undefined);
    assert.equal(lowWatermarkMs([]), undefined);
  });
});
