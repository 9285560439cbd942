import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatHour } from '../../src/domain/hour';
import { activityAttempts } from '../support/activity-attempts';
import { uniqueHourMs, uniqueName } from '../support/config';
import {
  activityRunning,
  busyHourFixture,
  busyHourWorkerEnv,
  completeOnNextWorker,
  startHourlyEtl,
  startWorkerProcess,
  type BusyHourFixture,
} from '../support/worker-process';

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
    const env = busyHourWorkerEnv(fixture, join(fixture.dir, 'warehouse.duckdb'), 'info');
    const first = startWorkerProcess(taskQueue, env);
    const handle = await startHourlyEtl(fixture, taskQueue, 'hourly-etl-worker-shutdown', hour);
    await activityRunning(handle, 'loadHour');
    first.child.kill('SIGTERM');
    // The worker drains: it stops polling, lets the load finish within its grace time and exits 0 on its own.
    assert.deepEqual(await first.exited, { code: 0, signal: null }, first.logs());
    assert.match(first.logs(), /letting activities under way finish/);

    await completeOnNextWorker(fixture, taskQueue, env, handle);
    // The load ran once, on the stopped worker, and was not run again.
    const attempts = await activityAttempts(handle);
    assert.equal(attempts.loadHour?.attempt, 1, 'loadHour ran once');
  });
});
