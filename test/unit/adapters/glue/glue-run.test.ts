import assert from 'node:assert/strict';
import type { GlueJobRuns, GlueRun } from '../../../../src/adapters/glue/job-runs';
import { GlueRunFailedError, runGlueJobToEnd } from '../../../../src/adapters/glue/run-to-end';
import { glueJobArguments, glueRunOutcome, isRunOf, sparkSchemaOf } from '../../../../src/domain/etl/glue-run';

const key = { hour: '2026-11-25T12', etlRunId: 'hourly-etl-x/run-1' };

/** A Glue that plays a scripted list of states for each run it starts (or already holds). */
function scriptedGlue(states: string[], existing: GlueRun[] = []) {
  const started: Array<Record<string, string>> = [];
  let polls = 0;
  const glue: GlueJobRuns = {
    checkJob: () => Promise.resolve(),
    recentRuns: () => Promise.resolve(existing),
    start: (_job, args) => {
      started.push({ ...args });
      return Promise.resolve(`jr_${started.length}`);
    },
    stop: () => Promise.reject(new Error('not stopped in these tests')),
    get: (_job, runId) => {
      const state = states[Math.min(polls++, states.length - 1)];
      return Promise.resolve({ id: runId, state, arguments: {}, ...(state === 'FAILED' ? { errorMessage: 'Spark OOM' } : {}) });
    },
  };
  return { glue, started, polls: () => polls };
}

describe('Glue job runs', () => {
  it('maps run states: running ones poll again, SUCCEEDED succeeds, FAILED/TIMEOUT/ERROR/STOPPED and unknown ones fail', () => {
    assert.deepEqual(['STARTING', 'RUNNING', 'WAITING', 'STOPPING'].map(glueRunOutcome), ['running', 'running', 'running', 'running']);
    assert.equal(glueRunOutcome('SUCCEEDED'), 'succeeded');
    assert.deepEqual(['FAILED', 'TIMEOUT', 'ERROR', 'STOPPED', 'EXPIRED', 'SOMETHING_NEW', undefined].map(glueRunOutcome), [
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('passes the hour, the ETL run and the raw schemas as job arguments', () => {
    const args = glueJobArguments(key, 's3://lake-bucket/prefix/', ['transactions']);
    assert.deepEqual([args['--hour'], args['--etl_run_id'], args['--lake_url']], [key.hour, key.etlRunId, 's3://lake-bucket/prefix']);
    assert.equal(JSON.parse(args['--raw_schemas'] ?? '{}').transactions, sparkSchemaOf('transactions'));
    assert.match(sparkSchemaOf('alerts'), /rules ARRAY<STRING>.*event_time TIMESTAMP/);
    assert.ok(isRunOf(key, args));
    assert.ok(!isRunOf({ ...key, etlRunId: 'another' }, args));
  });

  it('starts a run and polls it to SUCCEEDED', async () => {
    const { glue, started, polls } = scriptedGlue(['STARTING', 'RUNNING', 'SUCCEEDED']);
    const seen: string[] = [];
    const runId = await runGlueJobToEnd(glue, {
      jobName: 'job',
      key,
      arguments: glueJobArguments(key, 's3://b', []),
      pollMs: 1,
      onPoll: (r) => seen.push(r.state ?? ''),
    });
    assert.deepEqual([runId, started.length, polls(), seen], ['jr_1', 1, 3, ['STARTING', 'RUNNING', 'SUCCEEDED']]);
  });

  it('adopts a run of the same hour and ETL run that is under way instead of starting another (a retried activity)', async () => {
    const args = glueJobArguments(key, 's3://b', []);
    const { glue, started } = scriptedGlue(
      ['SUCCEEDED'],
      [
        { id: 'jr_old_failed', state: 'FAILED', arguments: args },
        { id: 'jr_other_hour', state: 'RUNNING', arguments: { ...args, '--hour': '2026-11-25T11' } },
        { id: 'jr_mine', state: 'RUNNING', arguments: args },
      ],
    );
    assert.equal(await runGlueJobToEnd(glue, { jobName: 'job', key, arguments: args, pollMs: 1 }), 'jr_mine');
    assert.equal(started.length, 0);
  });

  it('fails with the job’s error message when the run ends FAILED', async () => {
    const { glue } = scriptedGlue(['RUNNING', 'FAILED']);
    await assert.rejects(
      runGlueJobToEnd(glue, { jobName: 'job', key, arguments: {}, pollMs: 1 }),
      (err: unknown) => err instanceof GlueRunFailedError && /job job run jr_1 ended FAILED: Spark OOM/.test(err.message),
    );
  });
});
