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
    assert.match(sparkSchemaOf('alerts'), /rules ARRAY<STRING>.*event_time TIMESTAMP_LTZ/);
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

  /** A Glue whose one run stays RUNNING until stopped; the stop calls are recorded, and a refused stop rejects. */
  function stoppableGlue(refuseStop = false) {
    const stops: string[] = [];
    let state = 'RUNNING';
    const glue: GlueJobRuns = {
      checkJob: () => Promise.resolve(),
      recentRuns: () => Promise.resolve([]),
      start: () => Promise.resolve('jr_1'),
      get: (_job, runId) => Promise.resolve({ id: runId, state, arguments: {} }),
      stop: (_job, runId) => {
        stops.push(runId);
        if (refuseStop) return Promise.reject(new Error('Glue did not stop run jr_1 of job job: InvalidInputException'));
        state = 'STOPPING';
        return Promise.resolve();
      },
    };
    return { glue, stops, state: () => state };
  }
  const request = (signal: AbortSignal, onPoll?: () => void) => ({
    jobName: 'job',
    key,
    arguments: glueJobArguments(key, 's3://b', []),
    pollMs: 60_000,
    signal,
    ...(onPoll ? { onPoll } : {}),
    stopOnAbort: (reason: unknown) => !(reason instanceof Error && reason.message === 'WORKER_SHUTDOWN'),
  });

  it('stops the run when the signal aborts during the wait, and rejects with the signal’s reason', async () => {
    const { glue, stops, state } = stoppableGlue();
    const controller = new AbortController();
    const reason = new Error('CANCELLED');
    // The abort comes during the poll's wait (a minute here), which it ends.
    const run = runGlueJobToEnd(
      glue,
      request(controller.signal, () => setImmediate(() => controller.abort(reason))),
    );
    await assert.rejects(run, (err: unknown) => err === reason);
    assert.deepEqual([stops, state()], [['jr_1'], 'STOPPING']);
  });

  it('leaves the run to a retry on another worker when the abort is a worker shutting down', async () => {
    const { glue, stops } = stoppableGlue();
    const controller = new AbortController();
    const run = runGlueJobToEnd(
      glue,
      request(controller.signal, () => setImmediate(() => controller.abort(new Error('WORKER_SHUTDOWN')))),
    );
    await assert.rejects(run, /WORKER_SHUTDOWN/);
    assert.deepEqual(stops, []);
  });

  it('says so when Glue refuses to stop a run that is still running', async () => {
    const { glue } = stoppableGlue(true);
    const controller = new AbortController();
    const run = runGlueJobToEnd(
      glue,
      request(controller.signal, () => setImmediate(() => controller.abort(new Error('CANCELLED')))),
    );
    await assert.rejects(run, /did not stop run jr_1/);
  });
});
