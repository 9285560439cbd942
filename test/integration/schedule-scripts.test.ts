import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { Client, Connection } from '@temporalio/client';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { applySchedule } from '../../src/adapters/temporal/schedules';
import { findTemporalCli } from '../../src/stack';
import { SCHEDULE_SCRIPTS } from '../../src/temporal/schedule-scripts';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { createTestNamespace, deleteTestNamespace } from '../support/namespace';

const run = promisify(execFile);

/** The server's workflow task timeout when a start gives none: the CLI writes it out, the SDK leaves it unset. */
const DEFAULT_WORKFLOW_TASK_TIMEOUT = '10s';

/**
 * What `temporal schedule describe -o json` says a schedule is: its spec, action, policies and state, with its own id
 * written as SCHEDULE_ID. The info part (times, counts, recent actions) is left out: it differs by when each was made.
 * Zero durations (no timeout, no jitter) and the default workflow task timeout, which the CLI sends and the SDK
 * leaves out, mean the same as none and are dropped.
 */
function definitionOf(described: string, scheduleId: string): unknown {
  const { schedule } = JSON.parse(described) as { schedule: unknown };
  return JSON.parse(JSON.stringify(schedule).replaceAll(scheduleId, 'SCHEDULE_ID'), (key, value: unknown) =>
    value === '0s' || (key === 'workflowTaskTimeout' && value === DEFAULT_WORKFLOW_TASK_TIMEOUT) ? undefined : value,
  );
}

describe('the temporal/ schedule scripts on the dev server', () => {
  const config = testConfig();
  let connection: Connection;
  let namespace: string;
  let client: Client;
  let cli: string;

  before(async () => {
    cli = await findTemporalCli(config, testLogger());
    connection = await connectTemporal(config);
    namespace = await createTestNamespace(connection);
    client = temporalClient(connection, testConfig({ TEMPORAL_NAMESPACE: namespace }));
  });
  after(async () => {
    await deleteTestNamespace(connection, namespace);
    await connection.close();
  });

  const describeSchedule = async (scheduleId: string): Promise<string> =>
    (
      await run(cli, [
        'schedule',
        'describe',
        '--address',
        config.temporalAddress,
        '--namespace',
        namespace,
        '--schedule-id',
        scheduleId,
        '-o',
        'json',
      ])
    ).stdout;

  for (const script of SCHEDULE_SCRIPTS) {
    it(`${script.path} create makes the schedule the code makes`, async () => {
      const taskQueue = uniqueName('schedule-queue');
      const byCode = uniqueName('by-code');
      const byScript = uniqueName('by-script');
      const { schedule } = script;
      // The definition's own parameters: its id (also the workflow id) and its task queue.
      await applySchedule(client, { ...schedule, scheduleId: byCode, action: { ...schedule.action, workflowId: byCode, taskQueue } });
      await run('bash', [script.path, 'create'], {
        env: {
          ...process.env,
          PATH: cli === 'temporal' ? process.env.PATH : `${dirname(cli)}:${process.env.PATH}`,
          TEMPORAL_ADDRESS: config.temporalAddress,
          TEMPORAL_NAMESPACE: namespace,
          SCHEDULE_ID: byScript,
          TASK_QUEUE: taskQueue,
        },
      });
      const fromCode = definitionOf(await describeSchedule(byCode), byCode);
      const fromScript = definitionOf(await describeSchedule(byScript), byScript);
      assert.deepEqual(fromScript, fromCode);
      assert.match(JSON.stringify(fromCode), new RegExp(taskQueue));
    });
  }
});
