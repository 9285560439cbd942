import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { topicsOf } from '../../config';
import { startDashboard } from '../../dashboard/server';
import { openWarehouse } from '../../adapters/warehouse/open';
import { openIncidents, recentKpis } from '../../dashboard/sources';
import { commandContext } from '../context';
import { numberIn } from '../generator-options';
import { interruptSignal } from '../interrupt';

/** `streamify dashboard`: the live page of windows, alerts and incidents. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description(
      'serve a live dashboard (revenue, orders, AOV, conversion, alerts, countries, incidents, the last day’s KPIs) on 127.0.0.1; runs until Ctrl-C',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', numberIn(0, 65535, true), 8080)
    .action(async (flags: { port: number }) => {
      const { config, log } = commandContext('dashboard');
      const kafka = createKafka(config);
      await ensureConfiguredTopics(kafka, config);
      const connection = await connectTemporal(config);
      const client = temporalClient(connection, config);
      const warehouse = openWarehouse(config);
      const dashboard = await startDashboard({
        kafka,
        topics: topicsOf(config),
        port: flags.port,
        log,
        listIncidents: openIncidents(client),
        listKpis: recentKpis(warehouse),
      });
      console.log(`dashboard: ${dashboard.url}  (Ctrl-C stops it)`);
      const signal = interruptSignal();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      await dashboard.close();
      await warehouse.close();
      await connection.close();
    });
}
