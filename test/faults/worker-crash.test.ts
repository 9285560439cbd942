import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { EtlStep } from '../../src/domain/etl/contract';
import { formatHour } from '../../src/domain/hour';
import { activityAttempts } from '../support/activity-attempts';
import { uniqueHourMs, uniqueName } from '../support/config';
import {
  activityRunning,
  busyHourFixture,
  busyHourWorkerEnv,
  completeOnNextWorker,
  startHourlyEtl,
  startWorkerProcess as startWorker,
  type BusyHourFixture,
} from '../support/worker-process';

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
      const env = busyHourWorkerEnv(fixture, join(fixture.dir, `warehouse-${step}.duckdb`), 'warn');
      const first = startWorker(taskQueue, env);
      const handle = await startHourlyEtl(fixture, taskQueue, `hourly-etl-worker-crash-${step}`, hour);
      await activityRunning(handle, activity);
      first.child.kill('SIGKILL');
      await first.exited;

      await completeOnNextWorker(fixture, taskQueue, env, handle);
      const attempts = await activityAttempts(handle);
      assert.equal(attempts[activity]?.attempt, 2, `${activity} ran again after the kill`);
      assert.match(attempts[activity]?.lastFailure ?? '', /heartbeat timeout/i);
    });
  }
});
