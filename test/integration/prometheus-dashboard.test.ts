import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { topicsOf } from '../../src/config';
import { DEFAULT_GENERATOR_OPTIONS } from '../../src/domain/generator';
import { produceEvents } from '../../src/streaming/produce';
import { dataQuality } from '../../src/workflows/data-quality';
import { fraudIncident, resolveUpdate, stateQuery } from '../../src/workflows/fraud-incident';
import { testConfig, uniqueName } from '../support/config';
import { freePort } from '../support/free-port';
import { ownStreamSettings } from '../support/kafka';
import { startPrometheus, type TestPrometheus } from '../support/prometheus';
import { until } from '../support/until';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const DASHBOARD = resolve(__dirname, '..', '..', 'docs', 'grafana', 'streamify.json');

interface Panel {
  readonly title?: string;
  readonly targets?: ReadonlyArray<{ readonly expr?: string }>;
  readonly panels?: readonly Panel[];
}

/** Every PromQL expression of the Grafana dashboard, with its panel's title. */
function dashboardQueries(): Array<{ title: string; expr: string }> {
  const panels = (p: readonly Panel[]): Panel[] => p.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  return panels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).flatMap((t) => (t.expr ? [{ title: panel.title ?? '', expr: t.expr }] : [])),
  );
}

describe('Prometheus over stream all and the worker: the Grafana dashboard’s queries', function () {
  this.timeout(240_000);
  let dir: string;
  let streams: ReturnType<typeof spawn> | undefined;
  let worker: WorkerProcess | undefined;
  let prometheus: TestPrometheus | undefined;
  let client: Client;
  let closeClient: () => Promise<void>;
  let streamLogs = '';
  const taskQueue = uniqueName('prometheus');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-prometheus-'));
    const env = {
      ...ownStreamSettings('prometheus', join(dir, 'lake')),
      ANALYTICS_IDLE_TIMEOUT_MS: '5000',
      LAKE_FLUSH_AGE_MS: '2000',
      FRAUD_METRICS_PORT: '0',
      KAFKA_TOPIC_INCIDENTS: uniqueName('prometheus-incidents'),
      LOG_FORMAT: 'json',
    };
    const config = testConfig(env);
    await ensureConfiguredTopics(createKafka(config), config);
    streams = spawn(process.execPath, ['bin/streamify.js', 'stream', 'all'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    streams.stderr?.on('data', (chunk: Buffer) => (streamLogs += chunk.toString()));
    // `stream all` picks a free port (FRAUD_METRICS_PORT=0) and logs it.
    let streamsPort = 0;
    await until('stream all logs its metrics address', () => {
      streamsPort = Number(/"metrics":"http:\/\/127\.0\.0\.1:(\d+)\/metrics"/.exec(streamLogs)?.[1] ?? 0);
      return streamsPort > 0;
    });
    // The worker's SDK takes a port and cannot pick one: the test finds it a free one.
    const workerPort = await freePort();
    worker = startWorkerProcess(taskQueue, {
      ...process.env,
      ...env,
      WAREHOUSE: 'duckdb',
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      GLUE_MODE: 'local',
      WORKER_METRICS_PORT: String(workerPort),
    });
    await until(
      'the worker serves its metrics',
      async () => (await fetch(`http://127.0.0.1:${workerPort}/metrics`).catch(() => undefined))?.ok === true,
    );
    prometheus = await startPrometheus(dir, { streams: [`127.0.0.1:${streamsPort}`], worker: [`127.0.0.1:${workerPort}`] });
    const connection = await connectTemporal(config);
    client = temporalClient(connection, config);
    closeClient = () => connection.close();

    // Traffic while Prometheus scrapes: purchases with fraud for the consumers, and on the worker a workflow that
    // fails, an incident that escalates itself and is resolved (its activities complete).
    const generator = { ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 3_600_000, ratePerSecond: 50, users: 500, fraudRate: 0.05 };
    await produceEvents({ kafka: createKafka(config), topics: topicsOf(config), generator, realTime: false, count: 3_000 });
    await assert.rejects(
      client.workflow.execute(dataQuality, {
        taskQueue,
        workflowId: uniqueName('prometheus-dq'),
        args: [{ dataset: 'nope' as never, hour: 'x' }],
      }),
      (err: Error) => /not one of/.test(String((err.cause as Error | undefined)?.message)),
    );
    const key = uniqueName('prometheus-incident');
    const incident = await client.workflow.start(fraudIncident, {
      taskQueue,
      workflowId: key,
      args: [{ key, kind: 'critical-burst', severity: 'HIGH', summary: 'test incident', ackTimeoutMs: 1_000 }],
    });
    await until('the incident escalates itself', async () => (await incident.query(stateQuery)).status === 'escalated');
    await incident.executeUpdate(resolveUpdate, { args: [{ by: 'prometheus-test', note: 'a test incident' }] });
    await incident.result();
  });
  after(async () => {
    await prometheus?.stop();
    streams?.kill('SIGTERM');
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await closeClient?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes both jobs', async () => {
    // One slow scrape on a busy machine reads as down until the next: wait for a scrape of each that answered.
    let up: string[][] = [];
    await until(
      'both jobs are up',
      async () => {
        up = ((await prometheus?.query('up')) ?? []).map((s) => [s.metric.job ?? '', s.value[1]]).sort();
        return up.every(([, value]) => value === '1') && up.length === 2;
      },
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(up)}`);
    });
    assert.deepEqual(up, [
      ['streams', '1'],
      ['worker', '1'],
    ]);
  });

  it('every PromQL expression of docs/grafana/streamify.json returns data', async () => {
    const queries = dashboardQueries();
    assert.ok(queries.length >= 10, `the dashboard's queries: ${queries.length}`);
    for (const { title, expr } of queries) {
      let series: number | undefined;
      await until(
        `“${title}”: ${expr} returns data`,
        async () => (series = (await prometheus?.query(expr))?.length ?? 0) > 0,
        60_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message} (${series} series)`);
      });
    }
  });

  it('counts the incident that escalated itself, as the IncidentUnacknowledged alert reads it', async () => {
    const expr = 'streamify_incident_events_total{event="self-escalated"}';
    await until(`${expr} is scraped`, async () => ((await prometheus?.query(expr)) ?? []).length > 0, 60_000);
    await until(
      'IncidentUnacknowledged fires',
      async () => ((await prometheus?.query('ALERTS{alertname="IncidentUnacknowledged"}')) ?? []).length > 0,
    );
  });
});
