import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localLakeStore } from '../src/adapters/lake';
import { loadConfig } from '../src/config';
import { DEFAULT_GENERATOR_OPTIONS } from '../src/domain/generator';
import { createLogger } from '../src/log';
import { lakeSources, runLakeSink } from '../src/streaming/lake-sink';
import { produceEvents } from '../src/streaming/produce';
import { reachBroker, skippedFigure, withFreshTopics } from './broker';
import { median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Events produced before each run, all of which become lake rows: at ~60,000 rows/s, 12 s of work. */
const BACKLOG_EVENTS = 720_000;
const TITLE = 'Lake sink to local disk (backlog, Parquet zstd)';

const quiet = createLogger({ logLevel: 'warn', logFormat: 'json' }, 'bench');

/**
 * Rows per second into a file:// lake: a backlog produced first into fresh topics, then read by a fresh group
 * with the configured flush size, written as Parquet and committed; from the sink's start to its last flush.
 */
export const lakeSinkBenchmark: Benchmark = {
  name: 'lake',
  async run({ runs }) {
    const broker = await reachBroker();
    if ('unreachable' in broker) return skippedFigure('lake', TITLE, broker.unreachable, 50_000);
    const config = loadConfig(process.env);
    const rates: number[] = [];
    for (let run = 0; run < Math.min(runs, 3); run++) {
      const rate = await withFreshTopics(broker.kafka, ['sales', 'activity', 'alerts', 'dlq'], async ([sales, activity, fraud, dlq]) => {
        const topics = { sales: sales as string, activity: activity as string, fraud: fraud as string };
        const generator = { ...DEFAULT_GENERATOR_OPTIONS, startMs: BENCH_START_MS };
        const produced = await produceEvents({ kafka: broker.kafka, topics, generator, realTime: false, count: BACKLOG_EVENTS });
        const dir = mkdtempSync(join(tmpdir(), 'streamify-bench-lake-'));
        const store = localLakeStore(`file://${dir}`);
        const stop = new AbortController();
        try {
          const startMs = performance.now();
          let doneMs = startMs;
          const stats = await runLakeSink({
            kafka: broker.kafka,
            store,
            sources: lakeSources({ ...topics, dlq: { sales: dlq as string, activity: dlq as string, fraud: dlq as string } }),
            groupId: `bench-lake-${Date.now().toString(36)}`,
            policy: { maxMessages: config.lakeFlushMessages, maxAgeMs: 1000 },
            emailHashKey: config.emailHashKey,
            log: quiet,
            signal: stop.signal,
            onFlush: (_report, s) => {
              if (s.rows + s.deadLetters < produced.sent) return;
              doneMs = performance.now();
              stop.abort();
            },
          });
          if (stats.rows !== produced.sent) throw new Error(`the lake holds ${stats.rows} of ${produced.sent} rows`);
          return stats.rows / ((doneMs - startMs) / 1000);
        } finally {
          store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });
      rates.push(rate);
    }
    return {
      name: 'lake',
      title: TITLE,
      unit: 'rows',
      eventsPerSecond: median(rates),
      runs: rates,
      barEventsPerSecond: 50_000,
      note: `${BACKLOG_EVENTS.toLocaleString('en')} events over 6 partitions of two topics, files of ${config.lakeFlushMessages.toLocaleString('en')} rows per partition, one sink`,
    };
  },
};
