import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { createKafka } from '../adapters/kafka/client';
import { ensureConfiguredTopics } from '../adapters/kafka/topics';
import { connectTemporal, temporalClient } from '../adapters/temporal/connection';
import { workflowWebUiUrl } from '../adapters/temporal/web-ui';
import { TASK_QUEUE, topicsOf, type Config } from '../config';
import { applyFraudMonitoringSchedule } from '../temporal/fraud-monitoring-schedule';
import { applyHourlyEtlSchedule } from '../temporal/hourly-etl-schedule';
import { startDashboard } from '../dashboard/server';
import { openIncidents, recentKpis } from '../dashboard/sources';
import { openWarehouse } from '../adapters/warehouse/open';
import { DEFAULT_GENERATOR_OPTIONS, usersToSustain } from '../domain/generator';
import { etlReportKeys, hourlyEtlWorkflowId } from '../domain/etl/contract';
import { formatHour } from '../domain/hour';
import type { Logger } from '../log';
import { stackUp } from '../stack';
import { startAllConsumers } from '../streaming/all-consumers';
import { produceEvents } from '../streaming/produce';
import { runWorker } from '../worker';

const HOUR_MS = 3_600_000;
/** Event time produced past the demo hour, so that every partition's watermark passes its end. */
const PAST_THE_HOUR_MS = 3 * 60_000;

export interface DemoOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Events per second of simulated event time. */
  readonly rate: number;
  /** Minutes of traffic, the last ones of the hour (60: the whole hour); fewer make a shorter demo at the same rate. */
  readonly minutes: number;
  readonly fraudRate: number;
  readonly dashboardPort: number;
  /** Called every second with a one-line status. */
  readonly onStatus: (line: string) => void;
  /** With a callback, the demo calls it when done and keeps everything running (the dashboard live) until the signal. */
  readonly onDoneHold?: (summary: DemoSummary) => void;
}

export interface DemoSummary {
  readonly hour: string;
  readonly produced: number;
  readonly alerts: Readonly<Record<string, number>>;
  readonly workflows: ReadonlyArray<{ readonly id: string; readonly status: string; readonly url: string }>;
  readonly lake: string;
  readonly warehouse: string;
  readonly dashboard: string;
}

async function finished(client: Client, workflowId: string): Promise<string> {
  try {
    await client.workflow.getHandle(workflowId).result();
    return 'completed';
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The whole pipeline on this machine, within minutes: the stack, the worker, the three stream consumers and the
 * dashboard; one hour of simulated traffic with fraud injected; then that hour's ETL and a fraud-monitoring
 * window, triggered rather than awaited on the clock. The worker, consumers and dashboard stop when it returns; the
 * stack keeps running (it may have been running before, and the next command needs it).
 */
export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const { config, log } = o;
  const step = (n: number, what: string): void => log.info(`[${n}/6] ${what}`);
  step(1, 'local stack: Kafka, Temporal dev server, moto');
  await stackUp(config, log);
  const kafka = createKafka(config);
  await ensureConfiguredTopics(kafka, config);
  const topics = topicsOf(config);

  step(2, 'worker, fraud and analytics consumers, lake sink, dashboard');
  const stop = new AbortController();
  const stopAll = (): void => stop.abort();
  o.signal.addEventListener('abort', stopAll, { once: true });
  const worker = runWorker(config, log, stop.signal, TASK_QUEUE);
  // Short lake flushes: the demo hour should reach the lake within seconds, not a minute.
  const consumers = await startAllConsumers({ kafka, config, log, lakeFlushAgeMs: 5000 });
  const metrics = consumers.fraudMetrics;
  const connection = await connectTemporal(config);
  const client = temporalClient(connection, config);
  const warehouse = openWarehouse(config);
  const dashboard = await startDashboard({
    kafka,
    topics,
    port: o.dashboardPort,
    log,
    listIncidents: openIncidents(client),
    listKpis: recentKpis(warehouse),
  });
  // The schedules the Web UI's Schedules page and `temporal schedule list` show; they stay when the demo stops.
  const etlSchedule = await applyHourlyEtlSchedule(client, {
    taskQueue: TASK_QUEUE,
    catchupWindow: '1 day',
    input: { closeWaitMs: config.etlCloseWaitMs, overrideWaitMs: config.dqOverrideWaitMs },
  });
  const monitoringSchedule = await applyFraudMonitoringSchedule(client, TASK_QUEUE);
  log.info({ hourlyEtl: etlSchedule, fraudMonitoring: monitoringSchedule }, 'schedules hourly-etl and fraud-monitoring applied');

  const hourStartMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS;
  const hour = formatHour(hourStartMs);
  let produced = 0;
  const alertsBySeverity = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await metrics.alerts.get()).values.map((v) => [String(v.labels.severity), v.value]));
  const status = setInterval(() => {
    void alertsBySeverity().then((alerts) => {
      const severities =
        Object.entries(alerts)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ') || 'none yet';
      o.onStatus(
        `hour ${hour}  produced ${produced.toLocaleString('en-US')}  alerts: ${severities}  dashboard ${dashboard.url}  Web UI http://127.0.0.1:${config.temporalUiPort}`,
      );
    });
  }, 1000);

  try {
    const trafficMs = o.minutes * 60_000;
    step(3, `${o.minutes} minutes of the hour's traffic (${hour}, simulated event time, ${o.rate}/s, fraud rate ${o.fraudRate})`);
    const generator = {
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: hourStartMs + HOUR_MS - trafficMs,
      ratePerSecond: o.rate,
      users: Math.max(DEFAULT_GENERATOR_OPTIONS.users, usersToSustain(o.rate)),
      fraudRate: o.fraudRate,
    };
    const stats = await produceEvents({
      kafka,
      topics,
      generator,
      realTime: false,
      durationMs: trafficMs + PAST_THE_HOUR_MS,
      signal: o.signal,
      onProgress: (s) => (produced = s.sent),
    });
    produced = stats.sent;

    step(4, 'waiting for the lake to close the hour');
    while (!o.signal.aborted && ((await consumers.lakeTransactionsWatermark()) ?? 0) < hourStartMs + HOUR_MS) await sleep(1000);

    step(5, `hourly ETL of ${hour} and fraud monitoring of its last 15 minutes`);
    // The hour's own id: the schedule's run of the same hour joins this one instead of loading it twice.
    const etlId = hourlyEtlWorkflowId(hour);
    const monitoringId = `fraud-monitoring-demo-${hour}`;
    await client.workflow.start('hourlyEtl', {
      taskQueue: TASK_QUEUE,
      workflowId: etlId,
      args: [{ hour }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `ETL of ${hour}, started by the demo`,
    });
    await client.workflow.start('fraudMonitoring', {
      taskQueue: TASK_QUEUE,
      workflowId: monitoringId,
      args: [{ windowEnd: new Date(Date.now()).toISOString() }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: 'Fraud monitoring of the demo hour’s last window, started by the demo',
    });
    const workflows = await Promise.all(
      [etlId, monitoringId].map(async (id) => ({ id, status: await finished(client, id), url: workflowWebUiUrl(config, id) })),
    );
    step(6, 'done');
    const summary: DemoSummary = {
      hour,
      produced,
      alerts: await alertsBySeverity(),
      workflows,
      lake: `${config.lakeUrl} (report: ${etlReportKeys(hour).html})`,
      warehouse:
        config.warehouse === 'duckdb' ? config.warehouseDuckdbPath : `Snowflake ${config.snowflakeDatabase}.${config.snowflakeSchema}`,
      dashboard: dashboard.url,
    };
    if (o.onDoneHold !== undefined) {
      clearInterval(status);
      o.onDoneHold(summary);
      if (!o.signal.aborted) await new Promise((resolve) => o.signal.addEventListener('abort', resolve, { once: true }));
    }
    return summary;
  } finally {
    clearInterval(status);
    stopAll();
    await Promise.allSettled([consumers.stop(), worker, dashboard.close()]);
    await warehouse.close();
    await connection.close();
  }
}
