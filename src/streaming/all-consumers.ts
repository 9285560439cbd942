import type { Kafka } from 'kafkajs';
import { lakeWatermark, openLakeStore } from '../adapters/lake';
import { topicsOf, type Config } from '../config';
import type { WindowResult } from '../domain/analytics';
import type { Logger } from '../log';
import { startAnalyticsStream, type AnalyticsStream } from './analytics-stream';
import { fraudMetrics, type FraudMetrics } from './fraud-metrics';
import { startFraudStream, type FraudStream } from './fraud-stream';
import { lakeSources, runLakeSink, type LakeSinkStats } from './lake-sink';
import { analyticsMetrics, lakeMetrics, restartMetrics } from './stream-metrics';
import { supervise, type RestartPolicy } from './supervise';

export interface AllConsumersOptions {
  readonly kafka: Kafka;
  readonly config: Config;
  readonly log: Logger;
  /** Flush age of the lake sink; default LAKE_FLUSH_AGE_MS. */
  readonly lakeFlushAgeMs?: number;
  readonly onWindows?: (results: readonly WindowResult[]) => void;
  /** How a failed consumer is started again; default DEFAULT_RESTART_POLICY. */
  readonly restartPolicy?: RestartPolicy;
  /** Bounds of what one message and one send carry (message-size.ts); defaults derived from the broker's limit. */
  readonly maxSendBytes?: number;
  readonly maxReportBytes?: number;
}

/** The names the logs, the metrics and the give-up error use for the three consumers. */
export type ConsumerName = 'fraud' | 'analytics' | 'lake';

/** The three stream consumers of one process, as configured. */
export interface AllConsumers {
  /** The running fraud consumer (a new one after a restart). */
  fraud(): FraudStream;
  /** The metrics of all three, in the fraud consumer's registry. */
  readonly fraudMetrics: FraudMetrics;
  /** True once the fraud consumer has partitions. */
  ready(): boolean;
  /** How many times each consumer was started again after a failure. */
  restarts(): Record<ConsumerName, number>;
  /** The lake's transactions watermark (epoch ms), undefined before any row. */
  lakeTransactionsWatermark(): Promise<number | undefined>;
  /**
   * Rejects, naming the consumer and its reason, when one keeps failing however often it is restarted: the
   * process should then exit non-zero. A single failure only restarts that consumer, the others run on.
   */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

/** A lake sink run and the signal that stops it. */
interface LakeRun {
  readonly done: Promise<LakeSinkStats>;
  readonly abort: AbortController;
}

/**
 * Starts the fraud and analytics consumers and the lake sink, each in its own consumer group and each
 * supervised on its own: one failing is started again from its group's committed offsets, with backoff, while
 * the others go on.
 */
export async function startAllConsumers(o: AllConsumersOptions): Promise<AllConsumers> {
  const { kafka, config, log } = o;
  const topics = topicsOf(config);
  // One registry for the process: the fraud consumer's, with the analytics and lake metrics beside them.
  const metrics = fraudMetrics();
  const windowMetrics = analyticsMetrics(metrics.registry);
  const flushMetrics = lakeMetrics(metrics.registry);
  const restartCounts = restartMetrics(metrics.registry);
  const common = (name: ConsumerName) => ({
    name,
    log,
    policy: o.restartPolicy,
    onRestart: () => restartCounts.observe(name),
  });
  // A consumer that never starts fails the whole: the ones already running are stopped first.
  const running: Array<{ stop(): Promise<void> }> = [];
  const started = <T extends { stop(): Promise<void> }>(s: T): T => (running.push(s), s);
  const stopRunning = async (err: unknown): Promise<never> => {
    await Promise.allSettled(running.map((r) => r.stop()));
    throw err;
  };
  const fraud = started(
    await supervise<FraudStream>({
      ...common('fraud'),
      start: () =>
        startFraudStream({
          kafka,
          groupId: config.fraudConsumerGroup,
          topics,
          rebuildMessages: config.fraudRebuildMessages,
          log,
          metrics,
        }),
      stoppedOf: (f) => f.relay.stopped,
      stopOf: (f) => f.stop(),
    }),
  );
  const analytics = started(
    await supervise<AnalyticsStream>({
      ...common('analytics'),
      start: () =>
        startAnalyticsStream({
          kafka,
          groupPrefix: config.analyticsConsumerGroup,
          topics,
          slideMs: config.analyticsSlideMs,
          allowedLatenessMs: config.analyticsAllowedLatenessMs,
          idleTimeoutMs: config.analyticsIdleTimeoutMs,
          rebuildMessages: config.analyticsRebuildMessages,
          log,
          maxSendBytes: o.maxSendBytes,
          maxReportBytes: o.maxReportBytes,
          onWindows: (results) => {
            windowMetrics.observe(results);
            o.onWindows?.(results);
          },
        }),
      stoppedOf: (a) => a.stopped,
      stopOf: (a) => a.stop(),
    }).catch(stopRunning),
  );
  const store = openLakeStore(config);
  const lake = await supervise<LakeRun>({
    ...common('lake'),
    start: async () => {
      const abort = new AbortController();
      const done = runLakeSink({
        kafka,
        store,
        sources: lakeSources(topics),
        groupId: config.lakeConsumerGroup,
        policy: { maxMessages: config.lakeFlushMessages, maxAgeMs: o.lakeFlushAgeMs ?? config.lakeFlushAgeMs },
        emailHashKey: config.emailHashKey,
        log,
        signal: abort.signal,
        onFlush: (report) => flushMetrics.observe(report),
      });
      return { done, abort };
    },
    stoppedOf: (run) => run.done,
    stopOf: async (run) => {
      run.abort.abort();
      await run.done.catch(() => undefined);
    },
  }).catch((err: unknown) => {
    store.close();
    return stopRunning(err);
  });
  const failed = Promise.race([fraud.failed, analytics.failed, lake.failed]);
  // Stopping on purpose settles nothing; only a caller that awaits `failed` sees a give-up.
  failed.catch(() => undefined);
  return {
    fraud: () => fraud.current(),
    fraudMetrics: metrics,
    ready: () => fraud.current().ready(),
    restarts: () => ({ fraud: fraud.restarts(), analytics: analytics.restarts(), lake: lake.restarts() }),
    lakeTransactionsWatermark: () => lakeWatermark(store, 'transactions'),
    failed,
    stop: async () => {
      await Promise.allSettled([fraud.stop(), analytics.stop(), lake.stop()]);
      store.close();
    },
  };
}
