import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '../../../adapters/kafka/client';
import { groupLag, highWatermarks, inputGroups } from '../../../adapters/kafka/group-lag';
import { topicsOf, type Config } from '../../../config';
import { count, type StatusRow } from './row';

/** Lag above which a consumer group is reported as falling behind. */
const MAX_HEALTHY_LAG = 100_000;

const total = (m: ReadonlyMap<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/** The broker, each stream's size and throughput over a second, and the lag of each consumer group. */
export async function kafkaStatus(c: Config): Promise<StatusRow[]> {
  const admin = createKafka(c, { connectionTimeout: 3000, retry: { retries: 0 } }).admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const rows: StatusRow[] = [
      {
        area: 'kafka',
        name: 'brokers',
        value: String(cluster.brokers.length),
        health: cluster.brokers.length > 0 ? 'ok' : 'fail',
        detail: c.kafkaBootstrapServers,
      },
    ];
    const t = topicsOf(c);
    const streams = [t.sales, t.activity, t.fraud, t.analytics];
    const existing = new Set(await admin.listTopics());
    const present = streams.filter((s) => existing.has(s));
    for (const missing of streams.filter((s) => !existing.has(s)))
      rows.push({ area: 'kafka', name: missing, value: 'missing', health: 'warn', detail: 'run `streamify topics create`' });
    const before = new Map(await Promise.all(present.map(async (s) => [s, await highWatermarks(admin, s)] as const)));
    const startedMs = Date.now();
    await sleep(1000);
    const after = new Map(await Promise.all(present.map(async (s) => [s, await highWatermarks(admin, s)] as const)));
    const seconds = (Date.now() - startedMs) / 1000;
    for (const s of present) {
      const rate = (total(after.get(s)!) - total(before.get(s)!)) / seconds;
      rows.push({ area: 'kafka', name: s, value: `${count(rate)}/s`, health: 'ok', detail: `${count(total(after.get(s)!))} messages` });
    }
    for (const { groupId, topics } of inputGroups(c)) {
      const lags = await Promise.all(topics.filter((s) => after.has(s)).map((s) => groupLag(admin, groupId, s, after.get(s)!)));
      const known = lags.filter((l): l is number => l !== undefined);
      if (known.length === 0) {
        rows.push({ area: 'kafka', name: `lag ${groupId}`, value: '-', health: 'warn', detail: 'has not consumed yet' });
        continue;
      }
      const lag = known.reduce((a, b) => a + b, 0);
      rows.push({
        area: 'kafka',
        name: `lag ${groupId}`,
        value: count(lag),
        health: lag > MAX_HEALTHY_LAG ? 'warn' : 'ok',
        detail: topics.join(', '),
      });
    }
    return rows;
  } finally {
    await admin.disconnect();
  }
}
