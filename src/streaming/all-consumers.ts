import type { Kafka } from 'kafkajs';
import { lakeWatermark, openLakeStore } from '../adapters/lake';
import { topicsOf, type Config } from '../config';
import type { WindowResult } from '../domain/analytics';
import type { Logger } from '../log';
import { startAnalyticsStream, type AnalyticsStream } from './analytics-stream';
import { fraudMetrics, type FraudMetrics } from './fraud-metrics';
import { startFraudStream, type FraudStream } from './fraud-stream';
import { lakeSources, runLakeSink, type LakeSinkStats } from './lake-sink';
import { analyticsMetrics, lakeMetrics } from './stream-metrics';

export interface AllConsumersOptions {
  readonly kafka: Kafka;
  readonly config: Config;
  readonly log: Logger;
  /** Flush age of the lake sink; default LAKE_FLUSH_AGE_MS. */
  readonly lakeFlushAgeMs?: number;
  readonly onWindows?: (results: readonly WindowResult[]) => void;
}

/** The three stream consumers of one process, as configured. */
export interface AllConsumers {
  readonly fraud: FraudStream;
  /** The metrics of all three, in the fraud consumer's registry. */
  readonly fraudMetrics: FraudMetrics;
  readonly analytics: AnalyticsStream;
  readonly lake: Promise<LakeSinkStats>;
  /** The lake's transactions watermark (epoch ms), undefined before any row. */
  lakeTransactionsWatermark(): Promise<number | undefined>;
  /** Settles when any consumer stops by itself (a crash), with its error. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

/** Starts the fraud and analytics consumers and the lake sink, each in its own consumer group. */
export async function startAllConsumers(o: AllConsumersOptions): Promise<AllConsumers> {
  const { kafka, config, log } = o;
  const topics = topicsOf(config);
  // One registry for the process: the fraud consumer's, with the analytics and lake metrics beside them.
  const metrics = fraudMetrics();
  const windowMetrics = analyticsMetrics(metrics.registry);
  const flushMetrics = lakeMetrics(metrics.registry);
  const fraud = await startFraudStream({
    kafka,
    groupId: config.fraudConsumerGroup,
    topics,
    rebuildMessages: config.fraudRebuildMessages,
    log,
    metrics,
  });
  const analytics = await startAnalyticsStream({
    kafka,
    groupPrefix: config.analyticsConsumerGroup,
    topics,
    slideMs: config.analyticsSlideMs,
    allowedLatenessMs: config.analyticsAllowedLatenessMs,
    idleTimeoutMs: config.analyticsIdleTimeoutMs,
    rebuildMessages: config.analyticsRebuildMessages,
    log,
    onWindows: (results) => {
      windowMetrics.observe(results);
      o.onWindows?.(results);
    },
  });
  const store = openLakeStore(config);
  const stopLake = new AbortController();
  const lake = runLakeSink({
    kafka,
    store,
    sources: lakeSources(topics),
    groupId: config.lakeConsumerGroup,
    policy: { maxMessages: config.lakeFlushMessages, maxAgeMs: o.lakeFlushAgeMs ?? config.lakeFlushAgeMs },
    emailHashKey: config.emailHashKey,
    log,
    signal: stopLake.signal,
    onFlush: (report) => flushMetrics.observe(report),
  });
  const failed = Promise.race([
    fraud.relay.stopped.then(() => Promise.reject(new Error('the fraud consumer stopped'))),
    analytics.stopped.then(() => Promise.reject(new Error('the analytics consumer stopped'))),
    lake.then(() => Promise.reject(new Error('the lake sink stopped'))),
  ]);
  // Stopping on purpose settles these too; only a caller that awaits `failed` sees it.
  failed.catch(() => undefined);
  return {
    fraud,
    fraudMetrics: metrics,
    analytics,
    lake,
    lakeTransactionsWatermark: () => lakeWatermark(store, 'transactions'),
    failed,
    stop: async () => {
      stopLake.abort();
      await Promise.allSettled([fraud.stop(), analytics.stop(), lake]);
      store.close();
    },
  };
}
