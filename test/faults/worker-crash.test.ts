import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../../src/adapters/lake';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import type { EtlStep } from '../../src/domain/etl/contract';
import { HOUR_MS } from '../../src/domain/lake';
import { formatHour } from '../../src/domain/quality/gate';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { activityAttempts } from '../support/activity-attempts';
import { testConfig, uniqueName } from '../support/config';
import { purchaseRows, writeClosedLakeHour } from '../support/lake-hour';

/** Events per second of the fixture hour: about 60,000 purchases, so the transform and the load each take seconds. */
const FIXTURE_RATE_PER_SECOND = 200;
const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** `streamify worker` as a child process on its own task queue, lake and warehouse file. */
function startWorker(taskQueue: string, env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<unknown>; logs: () => string } {
  const child = spawn(process.execPath, ['bin/streamify.js', 'worker', '--task-queue', taskQueue], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, logs: () => logs };
}

/** Resolves once the run's activity of `type` has been picked up by a worker and runs there. */
async function activityRunning(handle: WorkflowHandle, type: string): Promise<void> {
  for (;;) {
    const { raw } = await handle.describe();
    if (raw.pendingActivities?.some((a) => a.activityType?.name === type && a.state === STARTED)) return;
    if (raw.workflowExecutionInfo?.closeTime) assert.fail(`the run closed before ${type} ran`);
    // Often enough to catch an activity of seconds; gently, since the dev server is shared.
    await sleep(20);
  }
}

describe('hourlyEtl when its worker is killed with SIGKILL', function () {
  // A killed activity is retried after its heartbeat timeout: 2 minutes for the transform, 1 for the load.
  this.timeout(300_000);
  const config = testConfig();
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = Date.parse('2018-01-01T00:00:00Z') + (Date.now() % 20_000) * HOUR_MS;
  const hour = formatHour(hourStartMs);
  let dir: string;
  let lake: LakeStore;
  let connection: Connection;
  let client: Client;
  let expectedRows: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-worker-crash-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    const rows = purchaseRows(hourStartMs, FIXTURE_RATE_PER_SECOND);
    expectedRows = rows.length;
    await writeClosedLakeHour(lake, hourStartMs, rows, 4);
    connection = await connectTemporal(config);
    client = temporalClient(connection, config);
  });

  after(async () => {
    await connection.close();
    lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [step, activity] of [
    ['transform', 'transformHour'],
    ['load', 'loadHour'],
  ] as const satisfies readonly (readonly [EtlStep, string])[]) {
    it(`completes the hour on a new worker, each row once, after the worker dies during the ${step}`, async () => {
      const taskQueue = uniqueName(`worker-crash-${step}`);
      const warehousePath = join(dir, `warehouse-${step}.duckdb`);
      const env = {
        ...process.env,
        LAKE_URL: lake.url,
        WAREHOUSE: 'duckdb',
        WAREHOUSE_DUCKDB_PATH: warehousePath,
        GLUE_MODE: 'local',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      };
      const first = startWorker(taskQueue, env);
      const handle = await client.workflow.start(hourlyEtl, {
        taskQueue,
        workflowId: uniqueName(`hourly-etl-worker-crash-${step}`),
        args: [{ hour, overrideWaitMs: 1_000 }],
      });
      await activityRunning(handle, activity);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = startWorker(taskQueue, env);
      try {
        const result = await handle.result();
        assert.equal(result.load.rows.RAW_TRANSACTIONS, expectedRows, second.logs());
      } finally {
        second.child.kill('SIGINT');
        await second.exited;
      }
      const attempts = await activityAttempts(handle);
      assert.equal(attempts[activity]?.attempt, 2, `${activity} ran again after the kill`);
      assert.match(attempts[activity]?.lastFailure ?? '', /heartbeat timeout/i);
      const loaded = await withDuckDb(warehousePath, async (db) =>
        (await db.runAndReadAll('SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids FROM RAW_TRANSACTIONS')).getRowObjectsJS(),
      );
      assert.deepEqual(
        loaded.map((r) => [Number(r.n), Number(r.ids)]),
        [[expectedRows, expectedRows]],
      );
    });
  }
});
