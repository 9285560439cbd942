import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { Config } from '../../config';
import { topicsOf } from '../../config';

/** The topics Streamify needs: the streams, the compacted rules topic and a dead-letter topic per input. */
export function topicSpecs(c: Config): ITopicConfig[] {
  const t = topicsOf(c);
  const stream = (topic: string): ITopicConfig => ({
    topic,
    numPartitions: c.topicPartitions,
    replicationFactor: c.topicReplicationFactor,
    // Record timestamps are produce times (event time lives in the payload), so a week is a week.
    configEntries: [{ name: 'retention.ms', value: String(7 * 24 * 3600 * 1000) }],
  });
  return [
    stream(t.sales),
    stream(t.activity),
    stream(t.fraud),
    stream(t.analytics),
    stream(t.analyticsLate),
    {
      topic: t.analyticsPanes,
      // One partition: the window stage sees every partition's reports in one order, on one instance.
      numPartitions: 1,
      replicationFactor: c.topicReplicationFactor,
      // A busy pane lists many session ids; reports are read within minutes and rebuilt from for hours.
      configEntries: [
        { name: 'max.message.bytes', value: String(16 * 1024 * 1024) },
        { name: 'retention.ms', value: String(24 * 3600 * 1000) },
      ],
    },
    stream(t.dlq.sales),
    stream(t.dlq.activity),
    stream(t.dlq.fraud),
    stream(t.analyticsDlq),
    {
      topic: t.rules,
      numPartitions: 1,
      replicationFactor: c.topicReplicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
  ];
}

/** What ensureTopics did to each topic. */
export interface TopicOutcome {
  readonly topic: string;
  readonly partitions: number;
  readonly created: boolean;
}

/** Creates the missing topics and leaves existing ones as they are; safe to run any number of times. */
export async function ensureTopics(admin: Admin, specs: readonly ITopicConfig[]): Promise<TopicOutcome[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) await createTopicsWaitingForMetadata(admin, missing);
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
  const partitionsOf = new Map(metadata.topics.map((m) => [m.name, m.partitions.length]));
  return specs.map((s) => ({ topic: s.topic, partitions: partitionsOf.get(s.topic) ?? 0, created: !existing.has(s.topic) }));
}

/** How long a created topic may take to reach the broker's metadata cache before creating counts as failed. */
const METADATA_WAIT_MS = 30_000;

/**
 * Creates the topics and waits for their leaders. kafkajs waits only through LEADER_NOT_AVAILABLE; a busy broker may
 * first answer that it does not host the new partition yet (UNKNOWN_TOPIC_OR_PARTITION), which is retried here.
 */
async function createTopicsWaitingForMetadata(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (err) {
    if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
    const deadline = Date.now() + METADATA_WAIT_MS;
    for (;;) {
      try {
        await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
        return;
      } catch (again) {
        if ((again as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() > deadline) throw again;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}

/** Creates every topic the configuration names that is missing: what each command does before it starts. */
export async function ensureConfiguredTopics(kafka: Kafka, c: Config): Promise<TopicOutcome[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, topicSpecs(c));
  } finally {
    await admin.disconnect();
  }
}
