import type { Admin } from 'kafkajs';
import { topicsOf, type Config } from '../../config';

/** The high watermark of each partition of a topic. */
export async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, number>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
}

/** Messages a group has yet to read on a topic; undefined when it has never committed there. */
export async function groupLag(
  admin: Admin,
  groupId: string,
  topic: string,
  high: ReadonlyMap<number, number>,
): Promise<number | undefined> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = (offsets?.partitions ?? []).filter((p) => Number(p.offset) >= 0);
  if (committed.length === 0) return undefined;
  return (offsets?.partitions ?? []).reduce((lag, p) => lag + Math.max(0, (high.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))), 0);
}

/** The consumer groups that read the input streams, each with the topics it reads: fraud, analytics panes, lake. */
export function inputGroups(c: Config): Array<{ groupId: string; topics: string[] }> {
  const t = topicsOf(c);
  return [
    { groupId: c.fraudConsumerGroup, topics: [t.sales] },
    { groupId: `${c.analyticsConsumerGroup}-panes`, topics: [t.sales, t.activity, t.fraud] },
    { groupId: c.lakeConsumerGroup, topics: [t.sales, t.activity, t.fraud] },
  ];
}
