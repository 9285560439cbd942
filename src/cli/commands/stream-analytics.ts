import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { topicsOf } from '../../config';
import type { WindowResult } from '../../domain/analytics';
import { startAnalyticsStream } from '../../streaming/analytics-stream';
import { startMetricsServer } from '../../streaming/metrics-server';
import { analyticsMetrics, processRegistry } from '../../streaming/stream-metrics';
import { commandContext } from '../context';
import { interruptSignal } from '../interrupt';

function describe(r: WindowResult): string {
  const conversion = `${(r.conversion_rate * 100).toFixed(1)}%`;
  return `window ${r.window_start} → ${r.window_end.slice(11)}  revenue ${r.revenue.toFixed(2)}  orders ${r.transactions}  AOV ${r.avg_order_value.toFixed(2)}  conversion ${conversion}  alerts ${r.alerts}  late ${r.late_events}`;
}

/** `streamify stream analytics`: the exactly-once sliding-window KPIs. */
export function registerStreamAnalyticsCommand(stream: Command): void {
  stream
    .command('analytics')
    .description(
      '1-minute sliding-window KPIs of sales_stream, user_activity and fraud_alerts to the analytics topic, exactly once; runs until Ctrl-C',
    )
    .action(async () => {
      const { config, log } = commandContext('stream-analytics');
      // First, so that Ctrl-C or SIGTERM during start-up also stops cleanly.
      const signal = interruptSignal(() => log.info('stopping: finishing the batch in flight'));
      const kafka = createKafka(config);
      await ensureConfiguredTopics(kafka, config);
      let windows = 0;
      const registry = processRegistry();
      const metrics = analyticsMetrics(registry);
      const analytics = await startAnalyticsStream({
        kafka,
        groupPrefix: config.analyticsConsumerGroup,
        topics: topicsOf(config),
        slideMs: config.analyticsSlideMs,
        allowedLatenessMs: config.analyticsAllowedLatenessMs,
        idleTimeoutMs: config.analyticsIdleTimeoutMs,
        rebuildMessages: config.analyticsRebuildMessages,
        log,
        signal,
        onWindows: (results) => {
          metrics.observe(results);
          windows += results.length;
          for (const r of results) console.log(describe(r));
        },
      });
      const server = await startMetricsServer(registry, config.metricsHost, config.analyticsMetricsPort, () => true);
      log.info(
        { group: config.analyticsConsumerGroup, slideMs: config.analyticsSlideMs, metrics: `http://127.0.0.1:${server.port}/metrics` },
        'analytics consumer running',
      );
      try {
        await analytics.stopped;
      } finally {
        await analytics.stop();
        await server.close();
        log.info({ windows }, 'analytics consumer stopped');
      }
    });
}
