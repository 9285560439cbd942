import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from '@temporalio/client';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { testConfig, uniqueName } from '../support/config';
import { createTestNamespace, deleteTestNamespace } from '../support/namespace';

const run = promisify(execFile);

describe('streamify demo', function () {
  this.timeout(600_000);
  let dir: string;
  let connection: Connection;
  // The demo applies the real schedules and uses the real task queue and ids: in a namespace of the test's own.
  let namespace: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-demo-'));
    connection = await connectTemporal(testConfig());
    namespace = await createTestNamespace(connection);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteTestNamespace(connection, namespace);
    await connection.close();
  });

  it('runs an hour of traffic through the consumers, its ETL and a fraud-monitoring window, and stops what it started', async () => {
    const env = {
      ...process.env,
      KAFKA_TOPIC_SALES: uniqueName('demo-sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('demo-activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('demo-alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('demo-analytics'),
      KAFKA_TOPIC_RULES: uniqueName('demo-rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
      FRAUD_CONSUMER_GROUP: uniqueName('demo-fraud'),
      ANALYTICS_CONSUMER_GROUP: uniqueName('demo-analytics'),
      LAKE_CONSUMER_GROUP: uniqueName('demo-lake'),
      FRAUD_METRICS_PORT: '0',
      // The worker's metrics port too: a worker already running on this machine holds the default one.
      WORKER_METRICS_PORT: '0',
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      LOG_FORMAT: 'json',
      TEMPORAL_NAMESPACE: namespace,
    };
    const { stdout } = await run(process.execPath, ['bin/streamify.js', 'demo', '--exit', '--rate', '20', '--dashboard-port', '0'], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.match(stdout, /hourly-etl-\d{4}-\d\d-\d\dT\d\d\s+completed/);
    assert.match(stdout, /fraud-monitoring-demo-\S+\s+completed/);
    // The stack outlives the demo; it says so and how to stop it.
    assert.match(stdout, /The stack \(Kafka, Temporal dev server, moto\) keeps running: `npx streamify stack down` stops it/);
    const schedules: string[] = [];
    for await (const s of temporalClient(connection, testConfig({ TEMPORAL_NAMESPACE: namespace })).schedule.list())
      schedules.push(s.scheduleId);
    assert.deepEqual(schedules.sort(), ['fraud-monitoring', 'hourly-etl'], 'the schedules stay after the demo');
    assert.ok(existsSync(join(dir, 'warehouse.duckdb')), 'the warehouse file');
    assert.deepEqual(
      readdirSync(join(dir, 'lake', 'reports', 'etl'))
        .map((f) => f.slice(f.lastIndexOf('.')))
        .sort(),
      ['.html', '.json'],
      'the hour’s ETL report and its page',
    );
  });
});
