import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localLakeStore, type LakeStore } from '../../src/adapters/lake';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { HOUR_MS } from '../../src/domain/lake';
import { formatHour } from '../../src/domain/hour';
import { dataQuality } from '../../src/workflows/data-quality';
import { testConfig, uniqueName } from '../support/config';
import { freePort } from '../support/free-port';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';
import { until } from '../support/until';

const CLEAN_HOUR_MS = Date.parse('2026-11-25T12:00:00Z');
const BAD_HOUR_MS = CLEAN_HOUR_MS + HOUR_MS;

describe('streamify dq and worker commands', () => {
  let dir: string;
  let lake: LakeStore;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-dq-cli-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    await writeLakeHour(lake, 'transactions', CLEAN_HOUR_MS, purchaseRows(CLEAN_HOUR_MS));
    const bad = purchaseRows(BAD_HOUR_MS).map((r, i) => (i === 0 ? { ...r, quantity: 0 } : r));
    await writeLakeHour(lake, 'transactions', BAD_HOUR_MS, bad);
    env = {
      ...process.env,
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      LOG_FORMAT: 'json',
    };
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const dqRun = (...args: string[]) => spawnSync('node', ['bin/streamify.js', 'dq', 'run', ...args], { encoding: 'utf8', env });

  it('`dq run` prints every check of a clean hour and exits 0, without creating the warehouse', () => {
    const run = dqRun('--dataset', 'transactions', '--hour', formatHour(CLEAN_HOUR_MS));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^check\s+severity\s+status\s+observed\s+threshold$/m);
    assert.match(run.stdout, /^amount_range\s+error\s+pass\s+1\s+1$/m);
    assert.match(run.stdout, /16 passed, 0 warned, 0 failed: the gate passes/);
    assert.equal(existsSync(join(dir, 'warehouse.duckdb')), false);
  });

  it('`dq run` exits 1 when an error-level check fails, naming the check and the failing keys', () => {
    const run = dqRun('--dataset', 'transactions', '--hour', formatHour(BAD_HOUR_MS));
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^quantity_range\s+error\s+fail\s+0\.99\d+\s+1$/m);
    assert.match(run.stdout, /quantity_range: 1 of \d+ rows have quantity outside \[1, 10000\].*; e\.g\. \S+/);
  });

  it('`dq run` says an hour without files has nothing to check, and refuses a malformed hour', () => {
    const empty = dqRun('--dataset', 'alerts', '--hour', formatHour(CLEAN_HOUR_MS), '--lake', `file://${join(dir, 'lake')}`);
    assert.equal(empty.status, 0, empty.stderr);
    assert.match(empty.stdout, /alerts 2026-11-25T12 in file:\/\/.*: no files, nothing to check/);
    const malformed = dqRun('--dataset', 'transactions', '--hour', '2026-11-25T12:00');
    assert.notEqual(malformed.status, 0);
    assert.match(malformed.stderr, /--hour.*not an hour/);
  });

  it('`worker` bundles the workflows, runs a gate, serves the SDK metrics, and stops cleanly on Ctrl-C', async () => {
    const config = testConfig();
    const taskQueue = uniqueName('cli-worker');
    const metricsPort = await freePort();
    const worker = spawn('node', ['bin/streamify.js', 'worker', '--task-queue', taskQueue], {
      env: { ...env, WORKER_METRICS_PORT: String(metricsPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    worker.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    const connection = await connectTemporal(config);
    try {
      const result = await temporalClient(connection, config).workflow.execute(dataQuality, {
        taskQueue,
        workflowId: uniqueName('data-quality'),
        args: [{ dataset: 'transactions', hour: formatHour(CLEAN_HOUR_MS) }],
      });
      assert.equal(result.outcome, 'passed');
      assert.ok(existsSync(join(dir, 'warehouse.duckdb')), 'the results are in the configured warehouse');
      // The SDK counts a completion once the workflow task's completion is acknowledged, a moment after the result.
      const completed = /temporal_workflow_completed_total\{[^}]*workflow_type="dataQuality"/;
      let metrics = '';
      await until('the worker counts the completed workflow', async () => {
        metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return completed.test(metrics);
      });
      assert.match(metrics, completed);
    } finally {
      await connection.close();
      worker.kill('SIGINT');
    }
    assert.equal(await exited, 0, logs);
    assert.match(logs, /"msg":"worker polling"/);
    assert.match(logs, /"msg":"worker stopped"/);
  });
});
