import assert from 'node:assert/strict';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import * as activities from './fixtures/echo-activities';
import { testConfig, uniqueName } from '../support/config';

describe('Temporal dev server on the local stack', () => {
  const config = testConfig();

  it('runs a workflow with one activity through a real worker, and its fetched history replays', async () => {
    const taskQueue = uniqueName('echo');
    const workerConnection = await NativeConnection.connect({ address: config.temporalAddress });
    const connection = await connectTemporal(config);
    try {
      const worker = await Worker.create({
        connection: workerConnection,
        namespace: config.temporalNamespace,
        taskQueue,
        workflowsPath: require.resolve('./fixtures/echo-workflow'),
        activities,
      });
      const client = temporalClient(connection, config);
      const workflowId = uniqueName('echo-wf');
      const result = await worker.runUntil(client.workflow.execute('echoWorkflow', { taskQueue, workflowId, args: ['streamify'] }));
      assert.equal(result, 'STREAMIFY');

      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      assert.ok((history.events?.length ?? 0) > 5, 'the history has the workflow and activity events');
      await Worker.runReplayHistory({ workflowsPath: require.resolve('./fixtures/echo-workflow') }, history, workflowId);
    } finally {
      await connection.close();
      await workerConnection.close();
    }
  });
});
