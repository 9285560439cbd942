import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { decodeJson } from '../../domain/events/schema';
import { parseRuleSet, type RuleSet } from '../../domain/fraud';
import { snappyCompression } from './compression';

/**
 * The fraud_rules topic: every record has this key and a RuleSet as JSON, so compaction keeps the latest
 * version only. Versions only grow (`rules set` and the fraudRules workflow bump from the highest one),
 * which lets readers and followers agree on the rules in force: the highest valid version.
 */
export const RULES_KEY = 'fraud-rules';

/** The longest a follower's fetch waits on the broker for a new version; stop() waits for it too. */
const FETCH_WAIT_MS = 500;

/** A running rules follower. */
export interface RulesFollower {
  /** Stops following; idempotent. */
  stop(): Promise<void>;
}

/** Publishes a rule set as the newest version; validates it first so that no reader ever has to skip it. */
export async function publishRules(kafka: Kafka, topic: string, rules: RuleSet): Promise<void> {
  const value = JSON.stringify(parseRuleSet(rules));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: RULES_KEY, value }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * The highest valid rule set on the topic, read from the beginning up to its current end; undefined when there
 * is none. An empty topic answers without starting a consumer.
 */
export async function readLatestRules(kafka: Kafka, topic: string, onInvalid?: (reason: string) => void): Promise<RuleSet | undefined> {
  const ends = await endOffsets(kafka, topic);
  if (ends.size === 0) return undefined;
  let latest: RuleSet | undefined;
  const follower = await follow(kafka, topic, ends, (rules) => (latest = rules), onInvalid);
  await follower.stop();
  return latest;
}

/**
 * Follows the topic from the beginning: calls onRules for each valid version higher than the last one applied,
 * in order, until stopped. Resolves once the versions present at the call have been delivered, so a caller that
 * awaits it starts with the rules in force. onRules must not throw.
 */
export async function followRules(
  kafka: Kafka,
  topic: string,
  onRules: (rules: RuleSet) => void,
  onInvalid?: (reason: string) => void,
): Promise<RulesFollower> {
  return follow(kafka, topic, await endOffsets(kafka, topic), onRules, onInvalid);
}

/** The last offset of each non-empty partition of the topic, as it is now. */
async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high) - 1]));
  } finally {
    await admin.disconnect();
  }
}

/** The rule set a record carries, or why it carries none. */
function rulesOf(message: KafkaMessage): { ok: true; rules: RuleSet } | { ok: false; reason: string } {
  const key = message.key?.toString('utf8');
  if (key !== RULES_KEY) return { ok: false, reason: `key ${JSON.stringify(key ?? null)} is not ${RULES_KEY}` };
  const decoded = decodeJson(message.value);
  if (!decoded.ok) return decoded;
  try {
    return { ok: true, rules: parseRuleSet(decoded.value) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

async function follow(
  kafka: Kafka,
  topic: string,
  ends: ReadonlyMap<number, number>,
  onRules: (rules: RuleSet) => void,
  onInvalid: ((reason: string) => void) | undefined,
): Promise<RulesFollower> {
  snappyCompression();
  // A group of its own that never commits: every follower reads the whole topic, whatever others did.
  const consumer = kafka.consumer({ groupId: `${topic}-follower-${randomUUID()}`, maxWaitTimeInMs: FETCH_WAIT_MS });
  const stop = async (): Promise<void> => consumer.disconnect();
  const pending = new Map(ends);
  let appliedVersion = -1;
  const caughtUp = new Promise<void>((resolve, reject) => {
    if (pending.size === 0) resolve();
    // Progress is tracked per fetched batch, not per message: a batch that ends in a control record
    // (a transaction marker) delivers no message at the last offset but still reaches it.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = pending.get(payload.partition);
      if (end !== undefined && Number(payload.lastOffset) >= end) pending.delete(payload.partition);
      if (pending.size === 0) resolve();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
  });
  // Awaited below; until then a crash must not count as an unhandled rejection.
  caughtUp.catch(() => undefined);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const read = rulesOf(message);
        if (!read.ok) {
          onInvalid?.(`${topic}[${partition}]@${message.offset}: ${read.reason}`);
        } else if (read.rules.version > appliedVersion) {
          appliedVersion = read.rules.version;
          onRules(read.rules);
        }
      },
    });
    await caughtUp;
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
