import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetJobCommand, GetJobRunsCommand, type GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { deployGlueJob, type DeployedGlueJob } from '../../../src/adapters/glue/deploy-job';
import { createGlueClient, glueJobRuns, type GlueJobRuns } from '../../../src/adapters/glue/job-runs';
import { runGlueJobToEnd } from '../../../src/adapters/glue/run-to-end';
import { glueTransformEngine } from '../../../src/adapters/glue/transform-engine';
import { localLakeStore, s3LakeStore } from '../../../src/adapters/lake';
import { createS3Client } from '../../../src/adapters/s3/client';
import { TRANSFORM_JOB_SCRIPT, TRANSFORM_SQL_DIR } from '../../../src/adapters/transform/sql-files';
import { createEtlTransformActivities } from '../../../src/activities/etl-transform';
import { ETL_FAILURES } from '../../../src/domain/etl/contract';
import { glueJobArguments } from '../../../src/domain/etl/glue-run';
import { MOTO_CREDENTIALS } from '../../../src/stack/moto';
import { testConfig, uniqueName } from '../../support/config';

describe('hourly transform on AWS Glue (moto)', () => {
  const config = testConfig({ GLUE_MODE: 'aws' });
  const endpoint = `http://127.0.0.1:${config.motoPort}`;
  let client: GlueClient;
  let s3: S3Client;
  let deployed: DeployedGlueJob;
  let jobName: string;
  let dir: string;

  before(async () => {
    client = createGlueClient({ awsRegion: config.awsRegion, glueEndpoint: endpoint }, MOTO_CREDENTIALS);
    jobName = uniqueName('transform');
    // Deployed as `streamify glue deploy` does it: the script and SQL on S3, the job pointing at them.
    s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: endpoint }, MOTO_CREDENTIALS);
    const bucket = uniqueName('glue-files');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    deployed = await deployGlueJob(client, s3LakeStore(`s3://${bucket}/glue`, s3), {
      jobName,
      role: 'glue-role',
      script: TRANSFORM_JOB_SCRIPT,
      sqlDir: TRANSFORM_SQL_DIR,
    });
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-glue-'));
  });
  after(() => {
    client.destroy();
    s3.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is deployed pointing at the uploaded script, with the SQL files as --extra-files', async () => {
    const job = (await client.send(new GetJobCommand({ JobName: jobName }))).Job;
    assert.equal(job?.Command?.ScriptLocation, deployed.scriptLocation);
    assert.match(deployed.scriptLocation, /^s3:\/\/glue-files-[^/]+\/glue\/transform_job\.py$/);
    assert.deepEqual(job?.DefaultArguments?.['--extra-files']?.split(','), deployed.extraFiles);
    assert.ok(
      deployed.extraFiles.some((f) => f.endsWith('/steps.json')) && deployed.extraFiles.some((f) => f.endsWith('/transactions.sql')),
    );
  });

  it('starts the job with the hour’s arguments, polls it to the end, and a retry adopts the same run', async () => {
    const key = { hour: '2026-11-25T12', etlRunId: uniqueName('hourly-etl') };
    const request = { jobName, key, arguments: glueJobArguments(key, 's3://lake', ['transactions']), pollMs: 10 };
    const glue = glueJobRuns(client);

    const runId = await runGlueJobToEnd(glue, request);
    const again = await runGlueJobToEnd(glue, request);

    assert.equal(again, runId);
    const runs = (await client.send(new GetJobRunsCommand({ JobName: jobName }))).JobRuns ?? [];
    assert.deepEqual(
      runs.map((r) => [r.Id, r.JobRunState, r.Arguments?.['--hour'], r.Arguments?.['--etl_run_id']]),
      [[runId, 'SUCCEEDED', key.hour, key.etlRunId]],
    );
  });

  /** transformHour in aws mode over a Glue whose runs end as `end` does. */
  async function transformWith(end: GlueJobRuns['get']): Promise<unknown> {
    const glue: GlueJobRuns = {
      ...glueJobRuns(client),
      recentRuns: () => Promise.resolve([]),
      start: () => Promise.resolve('jr_1'),
      get: end,
    };
    const { transformHour } = createEtlTransformActivities({
      lake: localLakeStore(`file://${dir}`),
      transformEngine: glueTransformEngine(glue, { jobName, lakeUrl: 's3://lake' }),
    });
    return new MockActivityEnvironment().run(transformHour, { hour: '2026-11-25T12', etlRunId: 'etl/run' }).then(
      () => assert.fail('the transform should have failed'),
      (e: unknown) => e,
    );
  }

  it('fails for good with the job’s message when the run ends FAILED', async () => {
    const err = await transformWith((_job, id) =>
      Promise.resolve({ id, state: 'FAILED', arguments: {}, errorMessage: 'Spark ran out of memory' }),
    );
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable], [ETL_FAILURES.glueJobFailed, true]);
    assert.match(err.message, /ended FAILED: Spark ran out of memory/);
  });

  it('leaves ConcurrentRunsExceeded to the retry policy', async () => {
    const busy = Object.assign(new Error('Concurrent runs exceeded for job'), { name: 'ConcurrentRunsExceededException' });
    const err = await transformWith(() => Promise.reject(busy));
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable], ['GlueConcurrentRunsExceeded', false]);
  });

  it('fails for good, as a configuration problem, when the job does not exist', async () => {
    const { transformHour } = createEtlTransformActivities({
      lake: localLakeStore(`file://${dir}`),
      transformEngine: glueTransformEngine(glueJobRuns(client), { jobName: uniqueName('missing-job'), lakeUrl: 's3://lake' }),
    });
    const err = await new MockActivityEnvironment().run(transformHour, { hour: '2026-11-25T12', etlRunId: 'etl/run' }).then(
      () => assert.fail('the transform should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable], [ETL_FAILURES.misconfigured, true]);
  });
});
