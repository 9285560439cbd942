import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { testConfig, uniqueName } from '../support/config';
import { createKafka } from '../../src/adapters/kafka/client';
import { createTestNamespace, deleteTestNamespace } from '../support/namespace';
import { alive, descendantsOf } from '../support/process-tree';
import { until } from '../support/until';

/** The README's rate; the demo's hour is cut to its last minutes so that the test takes minutes, not an hour's worth. */
const README_RATE = 200;
const MINUTES = 2;

/**
 * Runs `streamify demo` in a process group of its own, checks that it exits with 0, and returns its output, its group
 * and every process seen below it while it ran.
 */
async function runDemo(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; group: number; seen: Set<number> }> {
  const child = spawn(process.execPath, ['bin/streamify.js', 'demo', ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const group = child.pid ?? 0;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const seen = new Set<number>();
  const watch = setInterval(() => descendantsOf(group).forEach((pid) => seen.add(pid)), 500);
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    return { stdout, group, seen };
  } finally {
    clearInterval(watch);
    // Only a demo that has not exited is stopped here; what outlives one that has, the test reports.
    if (child.exitCode === null && child.signalCode === null) process.kill(-group, 'SIGKILL');
  }
}

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

  it('runs the README’s rate for the last minutes of an hour through the consumers, its ETL and a fraud-monitoring window, and stops all it started', async () => {
    const groups = { fraud: uniqueName('demo-fraud'), analytics: uniqueName('demo-analytics'), lake: uniqueName('demo-lake') };
    const env = {
      ...process.env,
      KAFKA_TOPIC_SALES: uniqueName('demo-sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('demo-activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('demo-alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('demo-analytics'),
      KAFKA_TOPIC_RULES: uniqueName('demo-rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
      FRAUD_CONSUMER_GROUP: groups.fraud,
      ANALYTICS_CONSUMER_GROUP: groups.analytics,
      LAKE_CONSUMER_GROUP: groups.lake,
      FRAUD_METRICS_PORT: '0',
      // The worker's metrics port too: a worker already running on this machine holds the default one.
      WORKER_METRICS_PORT: '0',
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      LOG_FORMAT: 'json',
      TEMPORAL_NAMESPACE: namespace,
    };
    const args = ['--exit', '--rate', String(README_RATE), '--minutes', String(MINUTES), '--dashboard-port', '0'];
    const { stdout, group, seen } = await runDemo(args, env);
    // Its minutes and the three past the hour that close it, at the rate (event times are drawn, so about).
    const produced = Number(/Demo hour \S+: ([\d,]+) events produced/.exec(stdout)?.[1]?.replaceAll(',', ''));
    const expected = (MINUTES + 3) * 60 * README_RATE;
    assert.ok(Math.abs(produced - expected) < expected * 0.05, `${produced} events produced at ${README_RATE}/s, not about ${expected}`);
    assert.match(stdout, /hourly-etl-\d{4}-\d\d-\d\dT\d\d\s+completed/);
    assert.match(stdout, /fraud-monitoring-demo-\S+\s+completed/);
    // The stack outlives the demo; it says so and how to stop it.
    assert.match(stdout, /The stack \(Kafka, Temporal dev server, moto\) keeps running: `npx streamify stack down` stops it/);
    const schedules: string[] = [];
    for await (const s of temporalClient(connection, testConfig({ TEMPORAL_NAMESPACE: namespace })).schedule.list())
      schedules.push(s.scheduleId);
    assert.deepEqual(schedules.sort(), ['fraud-monitoring', 'hourly-etl'], 'the schedules stay after the demo');
    assert.ok(existsSync(join(dir, 'warehouse.duckdb')), 'the warehouse file');
    // What it started stopped: no process of its group or below it lives on, and its consumers left their groups.
    // A child may end a moment after the demo does (once its pipes close): gone within seconds, not at the same instant.
    await until('no process of the demo’s group lives on', () => !alive(-group), 10_000);
    await until('no process the demo started lives on', () => ![...seen].some(alive), 10_000);
    const admin = createKafka(testConfig()).admin();
    await admin.connect();
    try {
      const { groups: described } = await admin.describeGroups(Object.values(groups));
      // Left, rather than gone silent until the session times out; a group with no offsets kept is Dead rather than Empty.
      for (const g of described) assert.ok(g.members.length === 0 && ['Empty', 'Dead'].includes(g.state), `${g.groupId} is ${g.state}`);
      assert.equal(described.length, 3);
    } finally {
      await admin.disconnect();
    }
    assert.deepEqual(
      readdirSync(join(dir, 'lake', 'reports', 'etl'))
        .map((f) => f.slice(f.lastIndexOf('.')))
        .sort(),
      ['.html', '.json'],
      'the hour’s ETL report and its page',
    );
  });
});
