import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { startAllConsumers } from '../../streaming/all-consumers';
import { startMetricsServer } from '../../streaming/metrics-server';
import { requireOwnEmailKey } from '../../config';
import { commandContext } from '../context';
import { interruptSignal } from '../interrupt';

/** `streamify stream all`: the three consumers in one process, the local default. */
export function registerStreamAllCommand(stream: Command): void {
  stream
    .command('all')
    .description('run the fraud and analytics consumers and the lake sink in one process (the local default); runs until Ctrl-C')
    .action(async () => {
      const { config, log } = commandContext('stream-all');
      requireOwnEmailKey(config);
      // First, so that Ctrl-C or SIGTERM during start-up also stops cleanly.
      const signal = interruptSignal(() => log.info('stopping: finishing the batches in flight, writing what the lake sink holds'));
      const kafka = createKafka(config);
      await ensureConfiguredTopics(kafka, config);
      const consumers = await startAllConsumers({ kafka, config, log });
      const server = await startMetricsServer(
        consumers.fraudMetrics.registry,
        config.metricsHost,
        config.fraudMetricsPort,
        consumers.fraud.ready,
      );
      log.info({ metrics: `http://127.0.0.1:${server.port}/metrics` }, 'fraud, analytics and lake consumers running');
      try {
        await Promise.race([consumers.failed, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
      } finally {
        await consumers.stop();
        await server.close();
        log.info('stream consumers stopped');
      }
    });
}
