import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScheduleOverlapPolicy, type Connection } from '@temporalio/client';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { testConfig } from '../support/config';
import { createTestNamespace, deleteTestNamespace } from '../support/namespace';

const run = promisify(execFile);

describe('streamify schedules apply', function () {
  this.timeout(60_000);
  let connection: Connection;
  // The real schedule names, in a namespace of the test's own: a user's schedules on the same server stay as they are.
  let namespace: string;

  before(async () => {
    connection = await connectTemporal(testConfig());
    namespace = await createTestNamespace(connection);
  });
  after(async () => {
    await deleteTestNamespace(connection, namespace);
    await connection.close();
  });

  it('creates both schedules with overlap policies that drop no action, then brings them up to date', async () => {
    const env = { ...process.env, TEMPORAL_NAMESPACE: namespace };
    const first = await run(process.execPath, ['bin/streamify.js', 'schedules', 'apply'], { env });
    assert.match(first.stdout, /created schedule hourly-etl\ncreated schedule fraud-monitoring/);
    const second = await run(process.execPath, ['bin/streamify.js', 'schedules', 'apply', '--catchup-window', '2 hours'], { env });
    assert.match(second.stdout, /updated schedule hourly-etl\nupdated schedule fraud-monitoring/);
    const client = temporalClient(connection, testConfig({ TEMPORAL_NAMESPACE: namespace }));
    const etl = await client.schedule.getHandle('hourly-etl').describe();
    assert.equal(etl.action.type === 'startWorkflow' && etl.action.workflowType, 'scheduledHourlyEtl');
    assert.deepEqual(
      [etl.policies.overlap, etl.policies.pauseOnFailure, etl.policies.catchupWindow],
      [ScheduleOverlapPolicy.BUFFER_ALL, false, 2 * 3_600_000],
    );
    const monitoring = await client.schedule.getHandle('fraud-monitoring').describe();
    assert.equal(monitoring.action.type === 'startWorkflow' && monitoring.action.workflowType, 'fraudMonitoring');
    assert.equal(monitoring.policies.overlap, ScheduleOverlapPolicy.BUFFER_ALL);
  });
});
