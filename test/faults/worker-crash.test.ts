import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import type { EtlStep } from '../../src/domain/etl/contract';
import { formatHour } from '../../src/domain/hour';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { activityAttempts } from '../support/activity-attempts';
import { uniqueHourMs, uniqueName } from '../support/config';
import { activityRunning, busyHourFixture, startWorkerProcess as startWorker, type BusyHourFixture } from '../support/worker-process';

describe('hourlyEtl when its worker is killed with SIGKILL', function () {
  // A killed activity is retried after its heartbeat timeout: 2 minutes for the transform, 1 for the load.
  this.timeout(300_000);
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const hour = formatHour(hourStartMs);
  let fixture: BusyHourFixture;

  before(async () => (fixture = await busyHourFixture('worker-crash', hourStartMs)));
  after(() => fixture.close());

  for (const [step, activity] of [
    ['transform', 'transformHour'],
    ['load', 'loadHour'],
  ] as const satisfies readonly (readonly [EtlStep, string])[]) {
    it(`completes the hour on a new worker, each row once, after the worker dies during the ${step}`, async () => {
      const taskQueue = uniqueName(`worker-crash-${step}`);
      const warehousePath = join(fixture.dir, `warehouse-${step}.duckdb`);
      const env = {
        ...process.env,
        LAKE_URL: fixture.lake.url,
        WAREHOUSE: 'duckdb',
        WAREHOUSE_DUCKDB_PATH: warehousePath,
        GLUE_MODE: 'local',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      };
      const first = startWorker(taskQueue, env);
      const handle = await fixture.client.workflow.start(hourlyEtl, {
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
        assert.equal(result.load.rows.RAW_TRANSACTIONS, fixture.expectedRows, second.logs());
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
        [[fixture.expectedRows, fixture.expectedRows]],
      );
    });
  }
});
