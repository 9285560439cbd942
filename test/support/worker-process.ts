import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../../src/adapters/lake';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { testConfig, uniqueName } from './config';
import { purchaseRows, writeClosedLakeHour } from './lake-hour';

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** A `streamify worker` child process, how it ended and what it logged. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The exit code (null when a signal killed it) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logs(): string;
}

/** `streamify worker` as a child process on its own task queue, with the environment given (its lake and warehouse). */
export function startWorkerProcess(taskQueue: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['bin/streamify.js', 'worker', '--task-queue', taskQueue], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, logs: () => logs };
}

/** Resolves once the run's activity of `type` has been picked up by a worker and runs there. */
export async function activityRunning(handle: WorkflowHandle, type: string): Promise<void> {
  for (;;) {
    const { raw } = await handle.describe();
    if (raw.pendingActivities?.some((a) => a.activityType?.name === type && a.state === STARTED)) return;
    if (raw.workflowExecutionInfo?.closeTime) assert.fail(`the run closed before ${type} ran`);
    // Often enough to catch an activity of seconds; gently, since the dev server is shared.
    await sleep(20);
  }
}

/** What the worker fault tests share: a closed lake hour of a busy shop in a temporary folder, and a client. */
export interface BusyHourFixture {
  readonly dir: string;
  readonly lake: LakeStore;
  readonly client: Client;
  /** The purchases of the hour: the rows the warehouse must hold once the hour is loaded. */
  readonly expectedRows: number;
  close(): Promise<void>;
}

/** Events per second of the fixture hour: about 60,000 purchases, so the transform and the load each take seconds. */
const BUSY_RATE_PER_SECOND = 200;

/** Writes the hour's purchases into a new temporary lake, closed, and connects a client. */
export async function busyHourFixture(name: string, hourStartMs: number): Promise<BusyHourFixture> {
  const dir = mkdtempSync(join(tmpdir(), `streamify-${name}-`));
  const lake = localLakeStore(`file://${join(dir, 'lake')}`);
  const rows = purchaseRows(hourStartMs, BUSY_RATE_PER_SECOND);
  await writeClosedLakeHour(lake, hourStartMs, rows, 4);
  const connection = await connectTemporal(testConfig());
  return {
    dir,
    lake,
    client: temporalClient(connection, testConfig()),
    expectedRows: rows.length,
    async close() {
      await connection.close();
      lake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A worker's environment on the fixture's lake, loading into a DuckDB warehouse at `warehousePath`. */
export function busyHourWorkerEnv(fixture: BusyHourFixture, warehousePath: string, logLevel: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LAKE_URL: fixture.lake.url,
    WAREHOUSE: 'duckdb',
    WAREHOUSE_DUCKDB_PATH: warehousePath,
    GLUE_MODE: 'local',
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: logLevel,
  };
}

/** Starts an hourlyEtl run of the hour on the task queue, with an id named from `name`. */
export function startHourlyEtl(
  fixture: BusyHourFixture,
  taskQueue: string,
  name: string,
  hour: string,
): Promise<WorkflowHandle<typeof hourlyEtl>> {
  return fixture.client.workflow.start(hourlyEtl, { taskQueue, workflowId: uniqueName(name), args: [{ hour, overrideWaitMs: 1_000 }] });
}

/**
 * Starts another worker on the queue and asserts that the run completes there with every purchase of the hour
 * loaded, each once in the warehouse; the worker is stopped after.
 */
export async function completeOnNextWorker(
  fixture: BusyHourFixture,
  taskQueue: string,
  env: NodeJS.ProcessEnv,
  handle: WorkflowHandle<typeof hourlyEtl>,
): Promise<void> {
  const next = startWorkerProcess(taskQueue, env);
  try {
    const result = await handle.result();
    assert.equal(result.load.rows.RAW_TRANSACTIONS, fixture.expectedRows, next.logs());
  } finally {
    next.child.kill('SIGINT');
    await next.exited;
  }
  const loaded = await withDuckDb(String(env.WAREHOUSE_DUCKDB_PATH), async (db) =>
    (await db.runAndReadAll('SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids FROM RAW_TRANSACTIONS')).getRowObjectsJS(),
  );
  assert.deepEqual(
    loaded.map((r) => [Number(r.n), Number(r.ids)]),
    [[fixture.expectedRows, fixture.expectedRows]],
  );
}
