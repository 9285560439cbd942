import type { Command } from 'commander';
import { requireOwnEmailKey, topicsOf } from '../../config';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { openLakeStore } from '../../adapters/lake';
import { lakeSources, runLakeSink, type FlushReport, type LakeSinkStats } from '../../streaming/lake-sink';
import { startMetricsServer } from '../../streaming/metrics-server';
import { lakeMetrics, processRegistry } from '../../streaming/stream-metrics';
import { commandContext } from '../context';
import { interruptSignal } from '../interrupt';
import { ProgressLine } from '../progress';

const count = (n: number): string => n.toLocaleString('en-US');

function describe(stats: Readonly<LakeSinkStats>): string {
  const seconds = Math.max(0.001, (Date.now() - stats.startedAtMs) / 1000);
  return `${count(Math.round(stats.rows / seconds))} rows/s  rows ${count(stats.rows)}  files ${count(stats.files)}  dead letters ${count(stats.deadLetters)}  flushes ${count(stats.flushes)}`;
}

function lastWritten(r: FlushReport): string {
  return r.files.at(-1) ?? `${r.topic}-${r.partition} offsets ${r.firstOffset}-${r.lastOffset} (dead letters only)`;
}

/** `streamify stream lake`: transactions, activity, alerts and windows into the Parquet lake. */
export function registerStreamLakeCommand(stream: Command): void {
  stream
    .command('lake')
    .description(
      'write sales_stream, user_activity, fraud_alerts and the analytics windows to the lake (LAKE_URL) as Parquet by event-time hour; runs until Ctrl-C',
    )
    .action(async () => {
      const { config, log } = commandContext('stream-lake');
      requireOwnEmailKey(config);
      const kafka = createKafka(config);
      await ensureConfiguredTopics(kafka, config);

      const store = openLakeStore(config);
      const progress = new ProgressLine();
      const signal = interruptSignal(() => log.info('stopping: writing what is buffered, then committing'));
      const registry = processRegistry();
      const metrics = lakeMetrics(registry);
      const server = await startMetricsServer(registry, config.metricsHost, config.lakeMetricsPort, () => true);
      log.info({ metrics: `http://127.0.0.1:${server.port}/metrics` }, 'lake sink metrics');
      try {
        const stats = await runLakeSink({
          kafka,
          store,
          sources: lakeSources(topicsOf(config)),
          groupId: config.lakeConsumerGroup,
          policy: { maxMessages: config.lakeFlushMessages, maxAgeMs: config.lakeFlushAgeMs },
          emailHashKey: config.emailHashKey,
          log,
          signal,
          onFlush: (report, s) => {
            metrics.observe(report);
            progress.update(`${describe(s)}  last ${lastWritten(report)}`);
          },
        });
        progress.done();
        console.log(`lake sink stopped: ${describe(stats)}  into ${store.url}`);
      } finally {
        store.close();
        await server.close();
      }
    });
}
