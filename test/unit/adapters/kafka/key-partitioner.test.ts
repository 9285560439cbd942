import assert from 'node:assert/strict';
import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { rememberingKeyPartitioner } from '../../../../src/adapters/kafka/key-partitioner';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));

const args = (key: string | null, count: number, partition?: number): PartitionerArgs => ({
  topic: 'sales_stream',
  partitionMetadata: partitions(count),
  message: { key, value: '{}', ...(partition === undefined ? {} : { partition }) },
});

describe("partitioner remembering each key's partition", () => {
  it('places every key where the default (Java-compatible murmur2) partitioner does, asked once or again', () => {
    const remembering = rememberingKeyPartitioner();
    const murmur2 = Partitioners.DefaultPartitioner();
    for (const count of [1, 6, 12]) {
      const placed = new Set<number>();
      for (let round = 0; round < 2; round++) {
        for (let i = 1; i <= 2_000; i++) {
          const key = `u-${String(i).padStart(6, '0')}`;
          const partition = remembering(args(key, count));
          assert.equal(partition, murmur2(args(key, count)), `${key} over ${count} partitions`);
          placed.add(partition);
        }
      }
      assert.equal(placed.size, count);
    }
  });

  it('follows a change of the partition count, and keeps a partition given with the message', () => {
    const remembering = rememberingKeyPartitioner();
    const murmur2 = Partitioners.DefaultPartitioner();
    const moved = Array.from({ length: 100 }, (_, i) => `u-${i}`).find((key) => murmur2(args(key, 6)) !== murmur2(args(key, 12)));
    assert.ok(moved !== undefined);
    assert.equal(remembering(args(moved, 6)), murmur2(args(moved, 6)));
    assert.equal(remembering(args(moved, 12)), murmur2(args(moved, 12)));
    assert.equal(remembering(args(moved, 12, 3)), 3);
  });

  it('spreads messages without a key over the partitions, as the default partitioner does', () => {
    const remembering = rememberingKeyPartitioner();
    const placed = new Set(Array.from({ length: 12 }, () => remembering(args(null, 6))));
    assert.equal(placed.size, 6);
  });
});
