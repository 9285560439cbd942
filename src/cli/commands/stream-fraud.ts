import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { topicsOf } from '../../config';
import { fraudMetrics, type FraudMetrics } from '../../streaming/fraud-metrics';
import { startFraudStream } from '../../streaming/fraud-stream';
import { startMetricsServer } from '../../streaming/metrics-server';
import { commandContext } from '../context';
import { numberIn } from '../generator-options';
import { interruptSignal } from '../interrupt';
import { ProgressLine } from '../progress';

interface StreamFraudFlags {
  group?: string;
  metricsPort?: number;
  rebuildMessages?: number;
}

async function sumOf(m: FraudMetrics['processed'] | FraudMetrics['deadLetters']): Promise<number> {
  return (await m.get()).values.reduce((sum, v) => sum + v.value, 0);
}

async function describe(m: FraudMetrics, startedAtMs: number): Promise<string> {
  const processed = await sumOf(m.processed);
  const bySeverity = new Map<string, number>();
  for (const v of (await m.alerts.get()).values)
    bySeverity.set(String(v.labels.severity), (bySeverity.get(String(v.labels.severity)) ?? 0) + v.value);
  const lag = (await m.lag.get()).values.reduce((sum, v) => sum + v.value, 0);
  const rate = Math.round(processed / Math.max(0.001, (Date.now() - startedAtMs) / 1000));
  const severities = [...bySeverity].map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  return `processed ${processed.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)  alerts: ${severities}  dlq ${await sumOf(m.deadLetters)}  lag ${lag}`;
}

/** `streamify stream fraud`: the exactly-once fraud consumer. */
export function registerStreamFraudCommand(stream: Command): void {
  stream
    .command('fraud')
    .description('detect fraud on sales_stream and write alerts to fraud_alerts, exactly once; runs until Ctrl-C')
    .option('--group <id>', 'consumer group (default FRAUD_CONSUMER_GROUP); instances in one group split the partitions')
    .option(
      '--metrics-port <n>',
      'port of /metrics, /healthz and /readyz (default FRAUD_METRICS_PORT; 0 picks a free one)',
      numberIn(0, 65535, true),
    )
    .option(
      '--rebuild-messages <n>',
      'history per partition replayed to rebuild state on assignment (default FRAUD_REBUILD_MESSAGES)',
      numberIn(0, 1e9, true),
    )
    .action(async (flags: StreamFraudFlags) => {
      const { config, log } = commandContext('stream-fraud');
      // First, so that Ctrl-C or SIGTERM during start-up also stops cleanly.
      const signal = interruptSignal(() => log.info('stopping: finishing the batch in flight'));
      const kafka = createKafka(config);
      await ensureConfiguredTopics(kafka, config);

      const metrics = fraudMetrics();
      const fraud = await startFraudStream({
        kafka,
        groupId: flags.group ?? config.fraudConsumerGroup,
        topics: topicsOf(config),
        rebuildMessages: flags.rebuildMessages ?? config.fraudRebuildMessages,
        log,
        signal,
        metrics,
      });
      const server = await startMetricsServer(
        metrics.registry,
        config.metricsHost,
        flags.metricsPort ?? config.fraudMetricsPort,
        fraud.ready,
      );
      log.info(
        { metrics: `http://127.0.0.1:${server.port}/metrics`, group: flags.group ?? config.fraudConsumerGroup },
        'fraud consumer running',
      );
      const progress = new ProgressLine();
      const startedAtMs = Date.now();
      const timer = setInterval(() => void describe(metrics, startedAtMs).then((line) => progress.update(line)), 1000);
      try {
        await fraud.relay.stopped;
      } finally {
        clearInterval(timer);
        progress.done();
        await fraud.stop();
        await server.close();
        log.info(await describe(metrics, startedAtMs));
      }
    });
}
