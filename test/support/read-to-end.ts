import type { Kafka, KafkaMessage } from 'kafkajs';
import { snappyCompression } from '../../src/adapters/kafka/compression';
import { uniqueName } from './config';

/** A message with the partition it was read from. */
export type PartitionMessage = KafkaMessage & { readonly partition: number };

/**
 * Every committed message of a topic, read read-committed from the beginning up to the end offsets it has when
 * the call starts (transaction markers included): a complete read once nothing writes to the topic, without
 * waiting for quiet. Rejects after timeoutMs, e.g. when a transaction is left open.
 */
export async function readToEnd(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<PartitionMessage[]> {
  snappyCompression();
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, number>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > 0) ends.set(p.partition, Number(p.high));
  } finally {
    await admin.disconnect();
  }
  const limits = new Map(ends);
  const messages: PartitionMessage[] = [];
  if (ends.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: uniqueName('read-to-end'), readUncommitted: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length} messages of ${topic}; partitions ${[...ends.keys()].join(', ')} not to their end`)),
        timeoutMs,
      );
      // Emitted for batches of control records only too, so that the position passes the last marker.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const end = ends.get(payload.partition);
        if (end !== undefined && Number(payload.lastOffset) + 1 >= end) ends.delete(payload.partition);
        if (ends.size > 0) return;
        clearTimeout(timer);
        resolve();
      });
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages)
            if (Number(m.offset) < (limits.get(batch.partition) ?? 0)) messages.push({ ...m, partition: batch.partition });
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
