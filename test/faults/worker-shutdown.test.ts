import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { formatHour } from '../../src/domain/hour';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { activityAttempts } from '../support/activity-attempts';
import { uniqueHourMs, uniqueName } from '../support/config';
import { activityRunning, busyHourFixture, startWorkerProcess, type BusyHourFixture } from '../support/worker-process';

describe('hourlyEtl when its worker is stopped with SIGTERM', function () {
  this.timeout(300_000);
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const hour = formatHour(hourStartMs);
  let fixture: BusyHourFixture;

  before(async () => (fixture = await busyHourFixture('worker-shutdown', hourStartMs)));
  after(() => fixture.close());

  it('lets the load under way finish, exits cleanly, and the next worker completes the hour with each row once', async () => {
    const taskQueue = uniqueName('worker-shutdown');
    const warehousePath = join(fixture.dir, 'warehouse.duckdb');
    const env = {
      ...process.env,
      LAKE_URL: fixture.lake.url,
      WAREHOUSE: 'duckdb',
      WAREHOUSE_DUCKDB_PATH: warehousePath,
      GLUE_MODE: 'local',
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    };
    const first = startWorkerProcess(taskQueue, env);
    const handle = await fixture.client.workflow.start(hourlyEtl, {
      taskQueue,
      workflowId: uniqueName('hourly-etl-worker-shutdown'),
      args: [{ hour, overrideWaitMs: 1_000 }],
    });
    await activityRunning(handle, 'loadHour');
    first.child.kill('SIGTERM');
    // The worker drains: it stops polling, lets the load finish within its grace time and exits 0 on its own.
    assert.deepEqual(await first.exited, { code: 0, signal: null }, first.logs());
    assert.match(first.logs(), /letting activities under way finish/);

    const second = startWorkerProcess(taskQueue, env);
    try {
      const result = await handle.result();
      assert.equal(result.load.rows.RAW_TRANSACTIONS, fixture.expectedRows, second.logs());
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
    // The load ran once, on the stopped worker, and was not run again.
    const attempts = await activityAttempts(handle);
    assert.equal(attempts.loadHour?.attempt, 1, 'loadHour ran once');
    const loaded = await withDuckDb(warehousePath, async (db) =>
      (await db.runAndReadAll('SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids FROM RAW_TRANSACTIONS')).getRowObjectsJS(),
    );
    assert.deepEqual(
      loaded.map((r) => [Number(r.n), Number(r.ids)]),
      [[fixture.expectedRows, fixture.expectedRows]],
    );
  });
});
