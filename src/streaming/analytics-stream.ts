import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Topics } from '../config';
import {
  PaneBuilder,
  splitReport,
  validatePaneRecord,
  WindowMerger,
  type PaneBuilderOutput,
  type PaneRecord,
  type PaneReport,
  type WindowInput,
  type WindowResult,
} from '../domain/analytics';
import { decodeJson, validateActivity, validateAlert, validateTransaction, type Validation } from '../domain/events/schema';
import type { Logger } from '../log';
import { deadLetter } from './dead-letter';
import { startExactlyOnceRelay, type Outbox, type PartitionWorker, type RunningRelay } from './exactly-once';
import { MAX_COMPOSED_MESSAGE_BYTES } from './message-size';
import { thrownReason } from './thrown-reason';

type AnalyticsTopics = Pick<Topics, 'sales' | 'activity' | 'fraud' | 'analytics' | 'analyticsPanes' | 'analyticsLate' | 'dlq'>;

/** The window input of a message of one of the three input topics, or why it is not one. */
export function parseInput(topics: AnalyticsTopics, topic: string, bytes: Buffer | null, nowMs: number): Validation<WindowInput> {
  const json = decodeJson(bytes);
  if (!json.ok) return json;
  if (topic === topics.sales) {
    const v = validateTransaction(json.value, nowMs);
    return v.ok ? { ok: true, value: { kind: 'purchase', event: v.value } } : v;
  }
  if (topic === topics.activity) {
    const v = validateActivity(json.value, nowMs);
    return v.ok ? { ok: true, value: { kind: 'activity', event: v.value } } : v;
  }
  const v = validateAlert(json.value);
  return v.ok ? { ok: true, value: { kind: 'alert', event: v.value } } : v;
}

function deadLetterTopic(topics: AnalyticsTopics, topic: string): string {
  return topic === topics.sales ? topics.dlq.sales : topic === topics.activity ? topics.dlq.activity : topics.dlq.fraud;
}

/** The steps the pane stage takes on each message, as dependencies: a test passes a throwing one. */
export interface PaneSteps {
  readonly parse: typeof parseInput;
  readonly add: (builder: PaneBuilder, input: WindowInput) => PaneBuilderOutput;
}

/** The pane stage's own steps. */
export const PANE_STEPS: PaneSteps = { parse: parseInput, add: (builder, input) => builder.add(input) };

/** Stage one, per input partition: valid inputs into panes, reports to the pane topic, late inputs to the side output. */
class PaneWorker implements PartitionWorker {
  private readonly builder: PaneBuilder;
  private readonly source: { topic: string; partition: number };
  private readonly quietAfterMs: number;
  private readonly slideMs: number;
  private readonly maxReportBytes: number;
  private lastInputMs = Date.now();

  constructor(
    private readonly topics: AnalyticsTopics,
    topic: string,
    partition: number,
    options: { slideMs: number; allowedLatenessMs: number; idleTimeoutMs: number; maxReportBytes?: number },
    private readonly steps: PaneSteps,
  ) {
    this.source = { topic, partition };
    this.slideMs = options.slideMs;
    this.maxReportBytes = options.maxReportBytes ?? MAX_COMPOSED_MESSAGE_BYTES;
    this.builder = new PaneBuilder(`${topic}/${partition}`, options.slideMs, options.allowedLatenessMs);
    this.quietAfterMs = options.idleTimeoutMs / 2;
  }

  handle(message: KafkaMessage, outbox: Outbox): void {
    const dlq = deadLetterTopic(this.topics, this.source.topic);
    let out: PaneBuilderOutput;
    try {
      const input = this.steps.parse(this.topics, this.source.topic, message.value, Date.now());
      if (!input.ok) {
        outbox.send(dlq, deadLetter(this.source, message, input.reason));
        return;
      }
      this.lastInputMs = Date.now();
      out = this.steps.add(this.builder, input.value);
    } catch (err) {
      outbox.send(dlq, deadLetter(this.source, message, thrownReason('analytics panes', err)));
      return;
    }
    if (out.report) this.send(out.report, outbox);
    if (out.late) outbox.send(this.topics.analyticsLate, deadLetter(this.source, message, out.late.reason));
  }

  replay(message: KafkaMessage): void {
    try {
      const input = this.steps.parse(this.topics, this.source.topic, message.value, Date.now());
      if (input.ok) this.steps.add(this.builder, input.value);
    } catch {
      // Live, this message went to the dead-letter topic; history only rebuilds state.
    }
  }

  tick(nowMs: number, outbox: Outbox): void {
    // Half the window stage's idle timeout: its open panes reach the merger before the merger stops waiting for it.
    if (nowMs - this.lastInputMs < this.quietAfterMs) return;
    const report = this.builder.reportOpen();
    if (report) this.send(report, outbox);
  }

  private send(report: PaneReport, outbox: Outbox): void {
    // Catching up, one input batch finishes hundreds of panes: several bounded reports, in order, not one huge one.
    for (const part of splitReport(report, this.slideMs, this.maxReportBytes)) {
      const record: PaneRecord = { kind: 'report', report: part };
      outbox.send(this.topics.analyticsPanes, { key: part.source, value: JSON.stringify(record) });
    }
  }
}

/**
 * Stage two, on the one pane-topic partition: merges every partition's panes and emits each window once its
 * end passes the lowest partition watermark (idle partitions aside). It notes what it emitted on its own input,
 * so that a rebuild from history knows which windows, closed on processing time, are done.
 */
class WindowMergeWorker implements PartitionWorker {
  constructor(
    private readonly merger: WindowMerger,
    private readonly topics: AnalyticsTopics,
    private readonly log: Logger,
  ) {}

  handle(message: KafkaMessage, outbox: Outbox): void {
    this.emit(this.apply(message), outbox);
  }

  replay(message: KafkaMessage): void {
    this.apply(message);
  }

  tick(nowMs: number, outbox: Outbox): void {
    this.emit(this.merger.tick(nowMs), outbox);
  }

  private apply(message: KafkaMessage): readonly WindowResult[] {
    const json = decodeJson(message.value);
    const record = json.ok ? validatePaneRecord(json.value) : json;
    if (!record.ok) {
      // Skipped, not dead-lettered: only the pane stage writes this topic, so a record that is not one came from a
      // bug or from someone who should not write here; the log names its offset.
      this.log.warn(
        { topic: this.topics.analyticsPanes, offset: message.offset, reason: record.reason },
        'skipped a pane record that is not one',
      );
      return [];
    }
    // A valid record that makes the merger throw is a bug: it is logged with the error and skipped, and the windows go on.
    try {
      if (record.value.kind === 'report') return this.merger.add(record.value.report, Date.now());
      this.merger.markEmittedThrough(record.value.throughStartMs);
    } catch (err) {
      this.log.error({ err, offset: message.offset }, 'skipped a pane record the window stage could not merge');
    }
    return [];
  }

  private emit(results: readonly WindowResult[], outbox: Outbox): void {
    if (results.length === 0) return;
    for (const r of results) outbox.send(this.topics.analytics, { key: r.window_start, value: JSON.stringify(r) });
    const record: PaneRecord = { kind: 'emitted', throughStartMs: Date.parse((results[results.length - 1] as WindowResult).window_start) };
    outbox.send(this.topics.analyticsPanes, { key: 'emitted', value: JSON.stringify(record) });
  }
}

/** Every partition of the input topics, named as the pane stage names its sources. */
async function inputPartitions(kafka: Kafka, inputTopics: readonly string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [...inputTopics] });
    return topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partitionId}`));
  } finally {
    await admin.disconnect();
  }
}

export interface AnalyticsStreamOptions {
  readonly kafka: Kafka;
  /** Prefix of the two consumer groups: <prefix>-panes and <prefix>-windows. */
  readonly groupPrefix: string;
  readonly topics: AnalyticsTopics;
  readonly slideMs: number;
  readonly allowedLatenessMs: number;
  readonly idleTimeoutMs: number;
  readonly rebuildMessages: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** Called with the windows of each committed transaction of the window stage. */
  readonly onWindows?: (results: readonly WindowResult[]) => void;
  /** Most bytes of pane JSON in one pane report; default MAX_COMPOSED_MESSAGE_BYTES (message-size.ts). */
  readonly maxReportBytes?: number;
  /** Most bytes one send of a transaction carries; default MAX_SEND_BYTES (message-size.ts). */
  readonly maxSendBytes?: number;
  /** Default PANE_STEPS. */
  readonly steps?: PaneSteps;
}

/** A running analytics consumer: both stages. */
export interface AnalyticsStream {
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * `streamify stream analytics`: sales_stream, user_activity and fraud_alerts into 1-minute sliding windows on
 * the analytics topic, exactly once. Stage one builds panes per input partition (instances split the
 * partitions); stage two merges them into global windows.
 */
export async function startAnalyticsStream(o: AnalyticsStreamOptions): Promise<AnalyticsStream> {
  const { topics } = o;
  const panes: RunningRelay = await startExactlyOnceRelay({
    kafka: o.kafka,
    groupId: `${o.groupPrefix}-panes`,
    inputTopics: [topics.sales, topics.activity, topics.fraud],
    rebuildMessages: o.rebuildMessages,
    log: o.log,
    signal: o.signal,
    tickMs: Math.min(1000, o.idleTimeoutMs / 4),
    maxSendBytes: o.maxSendBytes,
    createWorker: (topic, partition) => new PaneWorker(topics, topic, partition, o, o.steps ?? PANE_STEPS),
  });
  // The pane stage must not outlive a window stage that never started.
  const windows: RunningRelay = await startExactlyOnceRelay({
    kafka: o.kafka,
    groupId: `${o.groupPrefix}-windows`,
    inputTopics: [topics.analyticsPanes],
    rebuildMessages: o.rebuildMessages,
    log: o.log,
    signal: o.signal,
    tickMs: Math.min(1000, o.idleTimeoutMs),
    maxSendBytes: o.maxSendBytes,
    createWorker: async () => {
      const merger = new WindowMerger({ slideMs: o.slideMs, idleTimeoutMs: o.idleTimeoutMs });
      merger.expectSources(await inputPartitions(o.kafka, [topics.sales, topics.activity, topics.fraud]), Date.now());
      return new WindowMergeWorker(merger, topics, o.log);
    },
    onCommitted: ({ outbox }) => {
      const results = (outbox.byTopic.get(topics.analytics) ?? []).map((m) => JSON.parse(String(m.value)) as WindowResult);
      if (results.length > 0) o.onWindows?.(results);
    },
  }).catch(async (err: unknown) => {
    await panes.stop().catch(() => undefined);
    throw err;
  });
  const stop = async (): Promise<void> => {
    await Promise.all([panes.stop(), windows.stop()]);
  };
  // One stage failing stops the other too, so that the consumer as a whole can be started again from its offsets.
  for (const stage of [panes, windows]) stage.stopped.catch(() => void stop().catch(() => undefined));
  const stopped = Promise.allSettled([panes.stopped, windows.stopped]).then((outcomes) => {
    const failure = outcomes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  });
  return { stopped, stop };
}
