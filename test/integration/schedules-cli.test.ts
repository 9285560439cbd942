import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Connection } from '@temporalio/client';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { testConfig } from '../support/config';

const run = promisify(execFile);

describe('streamify schedules apply', function () {
  this.timeout(60_000);
  const config = testConfig();
  let connection: Connection;

  before(async () => (connection = await connectTemporal(config)));
  after(async () => {
    // Nothing of this test may fire later in the run.
    const client = temporalClient(connection, config);
    for (const id of ['hourly-etl', 'fraud-monitoring'])
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await connection.close();
  });

  it('creates both schedules, then brings them up to date', async () => {
    const first = await run(process.execPath, ['bin/streamify.js', 'schedules', 'apply']);
    assert.match(first.stdout, /created schedule hourly-etl\ncreated schedule fraud-monitoring/);
    const second = await run(process.execPath, ['bin/streamify.js', 'schedules', 'apply', '--catchup-window', '2 hours']);
    assert.match(second.stdout, /updated schedule hourly-etl\nupdated schedule fraud-monitoring/);
    const client = temporalClient(connection, config);
    const etl = await client.schedule.getHandle('hourly-etl').describe();
    assert.equal(etl.action.type, 'startWorkflow');
    assert.equal(etl.action.type === 'startWorkflow' && etl.action.workflowType, 'hourlyEtl');
    assert.equal(etl.policies.catchupWindow, 2 * 3_600_000);
    const monitoring = await client.schedule.getHandle('fraud-monitoring').describe();
    assert.equal(monitoring.action.type === 'startWorkflow' && monitoring.action.workflowType, 'fraudMonitoring');
  });
});
