import type { Kafka } from 'kafkajs';
import { createKafka } from '../src/adapters/kafka/client';
import { ensureTopics } from '../src/adapters/kafka/topics';
import { loadConfig } from '../src/config';

/** Partitions of each benchmark topic. */
const PARTITIONS = 6;
/** How long one attempt to reach the broker may take before the broker benchmarks are skipped. */
const CONNECT_TIMEOUT_MS = 3000;

/** The configured broker, or why it could not be reached. */
export type BrokerReach = { readonly kafka: Kafka; readonly address: string } | { readonly unreachable: string };

/** Connects once to the configured broker (KAFKA_BOOTSTRAP_SERVERS), without the usual retries. */
export async function reachBroker(): Promise<BrokerReach> {
  const config = loadConfig(process.env);
  const address = config.kafkaBootstrapServers;
  const probe = createKafka(config, { connectionTimeout: CONNECT_TIMEOUT_MS, retry: { retries: 0 } });
  const admin = probe.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (err) {
    return { unreachable: `Kafka is not reachable at ${address} (${(err as Error).message})` };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return { kafka: createKafka(config), address };
}

/** Runs `use` with new topics of PARTITIONS partitions (one per prefix), and deletes them afterwards. */
export async function withFreshTopics<T>(kafka: Kafka, prefixes: readonly string[], use: (topics: string[]) => Promise<T>): Promise<T> {
  const stamp = `${Date.now().toString(36)}-${process.pid}`;
  const topics = prefixes.map((p) => `bench-${p}-${stamp}`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
    );
    return await use(topics);
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** A figure for a broker benchmark that could not run. */
export function skippedFigure(name: string, title: string, reason: string, barEventsPerSecond?: number) {
  return { name, title, runs: [], note: '', skipped: reason, ...(barEventsPerSecond === undefined ? {} : { barEventsPerSecond }) };
}
