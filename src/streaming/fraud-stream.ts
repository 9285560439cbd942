import type { Kafka, KafkaMessage } from 'kafkajs';
import { followRules, readLatestRules } from '../adapters/kafka/rules-topic';
import type { Topics } from '../config';
import { decodeJson, validateAlert, validateTransaction, type Alert, type Transaction, type Validation } from '../domain/events/schema';
import { eventTimeMs } from '../domain/event-time';
import { DEFAULT_RULES, FraudEngine, type RuleSet } from '../domain/fraud';
import type { Logger } from '../log';
import { deadLetter } from './dead-letter';
import { startExactlyOnceRelay, type Outbox, type PartitionWorker, type RunningRelay } from './exactly-once';
import type { FraudMetrics } from './fraud-metrics';
import { thrownReason } from './thrown-reason';

/** A purchase from raw message bytes, or why it is not one. */
export function parsePurchase(bytes: Buffer | null, nowMs: number): Validation<Transaction> {
  const json = decodeJson(bytes);
  return json.ok ? validateTransaction(json.value, nowMs) : json;
}

/** The steps the fraud consumer takes on each message, as dependencies: a test passes a throwing one. */
export interface FraudSteps {
  readonly parse: (bytes: Buffer | null, nowMs: number) => Validation<Transaction>;
  /** Runs a purchase through the engine (with `emit` false, while rebuilding). */
  readonly detect: (engine: FraudEngine, tx: Transaction, nowMs: number, emit: boolean) => Alert | undefined;
}

/** The fraud consumer's own steps. */
export const FRAUD_STEPS: FraudSteps = {
  parse: parsePurchase,
  detect: (engine, tx, nowMs, emit) => engine.process(tx, nowMs, emit),
};

/**
 * One sales_stream partition: its engine, fed valid purchases; invalid ones, and any that makes a step throw,
 * become dead letters.
 */
class FraudPartitionWorker implements PartitionWorker {
  constructor(
    readonly engine: FraudEngine,
    private readonly source: { readonly topic: string; readonly partition: number },
    private readonly topics: Pick<Topics, 'fraud'> & { readonly dlq: Pick<Topics['dlq'], 'sales'> },
    private readonly steps: FraudSteps,
  ) {}

  handle(message: KafkaMessage, outbox: Outbox): void {
    const now = Date.now();
    let alert: Alert | undefined;
    try {
      const purchase = this.steps.parse(message.value, now);
      if (!purchase.ok) {
        outbox.send(this.topics.dlq.sales, deadLetter(this.source, message, purchase.reason));
        return;
      }
      alert = this.steps.detect(this.engine, purchase.value, now, true);
    } catch (err) {
      outbox.send(this.topics.dlq.sales, deadLetter(this.source, message, thrownReason('fraud detection', err)));
      return;
    }
    if (alert !== undefined) outbox.send(this.topics.fraud, { key: alert.user_id, value: JSON.stringify(alert) });
  }

  replay(message: KafkaMessage): void {
    const now = Date.now();
    try {
      const purchase = this.steps.parse(message.value, now);
      if (purchase.ok) this.steps.detect(this.engine, purchase.value, now, false);
    } catch {
      // Live, this message went to the dead-letter topic; history only rebuilds state.
    }
  }
}

export interface FraudStreamOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: Pick<Topics, 'sales' | 'fraud' | 'rules' | 'dlq'>;
  readonly rebuildMessages: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly metrics?: FraudMetrics;
  /** Default FRAUD_STEPS. */
  readonly steps?: FraudSteps;
}

/** A running fraud consumer. */
export interface FraudStream {
  readonly relay: RunningRelay;
  /** The rules in force. */
  rules(): RuleSet;
  /** The input partitions this instance owns. */
  partitions(): readonly number[];
  /** True once partitions are assigned. */
  ready(): boolean;
  stop(): Promise<void>;
}

/**
 * `streamify stream fraud`: sales_stream → fraud_alerts exactly once, one FraudEngine per input partition, the
 * rules followed live from the compacted rules topic.
 */
export async function startFraudStream(o: FraudStreamOptions): Promise<FraudStream> {
  const skipInvalid = (reason: string): void => o.log.warn({ reason }, 'ignored an invalid rules record');
  let rules = (await readLatestRules(o.kafka, o.topics.rules, skipInvalid)) ?? DEFAULT_RULES;
  const workers = new Map<string, FraudPartitionWorker>();
  let assigned: readonly number[] = [];
  o.metrics?.rulesVersion.set(rules.version);
  o.log.info({ version: rules.version }, 'fraud rules in force');

  const follower = await followRules(
    o.kafka,
    o.topics.rules,
    (next) => {
      if (next.version <= rules.version) return;
      rules = next;
      for (const w of workers.values()) w.engine.setRules(next);
      o.metrics?.rulesVersion.set(next.version);
      o.log.info({ version: next.version }, 'applied new fraud rules');
    },
    skipInvalid,
  );

  const relay = await startExactlyOnceRelay({
    kafka: o.kafka,
    groupId: o.groupId,
    inputTopics: [o.topics.sales],
    rebuildMessages: o.rebuildMessages,
    log: o.log,
    signal: o.signal,
    createWorker: (topic, partition) => {
      const worker = new FraudPartitionWorker(new FraudEngine(rules), { topic, partition }, o.topics, o.steps ?? FRAUD_STEPS);
      workers.set(`${topic}#${partition}`, worker);
      return worker;
    },
    onAssignment: (partitions) => {
      assigned = partitions.map((p) => p.partition);
      const keep = new Set(partitions.map((p) => `${p.topic}#${p.partition}`));
      for (const key of [...workers.keys()]) if (!keep.has(key)) workers.delete(key);
    },
    onCommitted: ({ topic, partition, inputs, outbox, lag }) => {
      const m = o.metrics;
      if (m === undefined) return;
      const committedAt = Date.now();
      m.processed.inc(inputs);
      m.lag.set({ topic, partition }, lag);
      m.deadLetters.inc(outbox.byTopic.get(o.topics.dlq.sales)?.length ?? 0);
      for (const message of outbox.byTopic.get(o.topics.fraud) ?? []) {
        const alert = validateAlert(JSON.parse(String(message.value)));
        if (!alert.ok) continue;
        m.alerts.inc({ severity: alert.value.severity });
        for (const rule of alert.value.rules) m.ruleHits.inc({ rule, severity: alert.value.severity });
        m.latency.observe(Math.max(0, committedAt - eventTimeMs(alert.value.event_time)) / 1000);
      }
      let users = 0;
      let redeliveries = 0;
      for (const w of workers.values()) {
        users += w.engine.userCount;
        redeliveries += w.engine.redeliveries;
      }
      m.users.set(users);
      m.redeliveries.set(redeliveries);
    },
  });
  const stop = async (): Promise<void> => {
    await relay.stop();
    await follower.stop();
  };
  void relay.stopped.catch(() => follower.stop());
  return { relay, rules: () => rules, partitions: () => assigned, ready: () => assigned.length > 0, stop };
}
