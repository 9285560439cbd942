import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateJobCommand, type GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { createGlueClient, glueJobRuns } from '../../src/adapters/glue/job-runs';
import { glueTransformEngine } from '../../src/adapters/glue/transform-engine';
import { kafkaActivityAdapters } from '../../src/adapters/kafka/activity-adapters';
import { s3LakeStore, type LakeStore } from '../../src/adapters/lake';
import { createS3Client } from '../../src/adapters/s3/client';
import { runDuckDbTransform } from '../../src/adapters/transform/duckdb-engine';
import { loadTransformSql } from '../../src/adapters/transform/sql-files';
import { duckDbWarehouse } from '../../src/adapters/warehouse/duckdb-warehouse';
import type { Warehouse } from '../../src/adapters/warehouse/warehouse';
import { createEtlHealthActivities } from '../../src/activities/etl-health';
import { createEtlLoadActivities } from '../../src/activities/etl-load';
import { AWS_SDK_MAX_ATTEMPTS } from '../../src/adapters/aws/sdk-retries';
import { ETL_FAILURES } from '../../src/domain/etl/contract';
import { formatHour } from '../../src/domain/hour';
import { MOTO_CREDENTIALS } from '../../src/stack/moto';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { activityAttempts } from '../support/activity-attempts';
import { injectAwsFaults, type InjectedFaults } from '../support/aws-faults';
import { testConfig, uniqueHourMs, uniqueName } from '../support/config';
import { purchaseRows, writeClosedLakeHour } from '../support/lake-hour';
import { startTestWorker, type TestWorker } from '../support/worker';

/** The error DuckDB raises when another process holds the warehouse file past the open's wait: transient. */
const lockConflict = (path: string) =>
  new Error(`IO Error: Could not set lock on file "${path}": Conflicting lock is held in /usr/bin/node (PID 4242) by user root.`);

/** The rejection of an activity run, which must fail. */
const failureOf = (run: Promise<unknown>): Promise<unknown> =>
  run.then(
    () => assert.fail('the activity should have failed'),
    (e: unknown) => e,
  );

function assertFailsFast(err: unknown, message: RegExp): void {
  assert.ok(err instanceof ApplicationFailure, String(err));
  assert.deepEqual([err.type, err.nonRetryable], [ETL_FAILURES.misconfigured, true]);
  assert.match(err.message, message);
}

describe('cloud faults injected at the S3, Glue and warehouse clients of the hourly ETL', function () {
  this.timeout(300_000);
  const config = testConfig();
  const endpoint = `http://127.0.0.1:${config.motoPort}`;
  const bucket = uniqueName('faults-lake');
  const jobName = uniqueName('faults-transform');
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const rows = purchaseRows(hourStartMs);
  let dir: string;
  let s3: S3Client;
  let glue: GlueClient;
  let s3Faults: InjectedFaults;
  let glueFaults: InjectedFaults;
  let lake: LakeStore;
  let warehousePath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-cloud-faults-'));
    warehousePath = join(dir, 'warehouse.duckdb');
    s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: endpoint }, MOTO_CREDENTIALS);
    glue = createGlueClient({ awsRegion: config.awsRegion, glueEndpoint: endpoint }, MOTO_CREDENTIALS);
    s3Faults = injectAwsFaults(s3, 's3');
    glueFaults = injectAwsFaults(glue, 'glue');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await glue.send(
      new CreateJobCommand({
        Name: jobName,
        Role: 'glue-role',
        Command: { Name: 'glueetl', ScriptLocation: 's3://jobs/transform_job.py' },
      }),
    );
    lake = s3LakeStore(`s3://${bucket}/lake`, s3);
    await writeClosedLakeHour(lake, hourStartMs, rows);
    // What the Glue job writes (the same SQL); moto runs no Spark, it only reports the run SUCCEEDED.
    await runDuckDbTransform(lake, await loadTransformSql(), hourStartMs);
  });

  after(() => {
    s3.destroy();
    glue.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('transient faults', () => {
    let harness: TestWorker;
    let lockedLoads = 0;

    before(async () => {
      const real = duckDbWarehouse(warehousePath);
      // The warehouse client's transient fault: the file held by another process for longer than an open waits.
      const warehouse: Warehouse = {
        ...real,
        loadHour: (hourMs, tables) => (lockedLoads-- > 0 ? Promise.reject(lockConflict(warehousePath)) : real.loadHour(hourMs, tables)),
      };
      harness = await startTestWorker({ GLUE_MODE: 'aws', GLUE_JOB_NAME: jobName }, { lake, glue: glueJobRuns(glue), warehouse });
    });

    after(() => harness.stop());

    it('are retried by the SDK a few times, then by the activities’ retry policy, and the hour completes with every row once', async () => {
      // Health lists the lake first: three throttled attempts use up the SDK's, a 500 and a timeout the next activity attempt's first two.
      s3Faults.failNext('ListObjectsV2Command', 'throttled', 'throttled', 'throttled', 'server-error', 'timeout');
      glueFaults.failNext('StartJobRunCommand', 'throttled', 'throttled', 'throttled', 'timeout', 'server-error');
      lockedLoads = 1;
      const startRunsBefore = glueFaults.attempts.filter((c) => c === 'StartJobRunCommand').length;

      const handle = await harness.client.workflow.start(hourlyEtl, {
        taskQueue: harness.taskQueue,
        workflowId: uniqueName('hourly-etl-cloud-faults'),
        args: [{ hour: formatHour(hourStartMs), overrideWaitMs: 1_000 }],
      });
      const result = await handle.result();

      assert.deepEqual([result.transform.engine, result.load.rows.RAW_TRANSACTIONS], ['glue', rows.length]);
      const attempts = await activityAttempts(handle);
      assert.equal(attempts.checkEtlHealth?.attempt, 2);
      assert.match(attempts.checkEtlHealth?.lastFailure ?? '', /Please reduce your request rate/);
      assert.equal(attempts.transformHour?.attempt, 2);
      assert.match(attempts.transformHour?.lastFailure ?? '', /Rate exceeded/);
      assert.equal(attempts.loadHour?.attempt, 2);
      assert.match(attempts.loadHour?.lastFailure ?? '', /Could not set lock/);
      // Each activity attempt made the SDK's attempts of StartJobRun: the first all failed, the second's last started the run.
      assert.equal(glueFaults.attempts.filter((c) => c === 'StartJobRunCommand').length - startRunsBefore, 2 * AWS_SDK_MAX_ATTEMPTS);
      const loaded = await withDuckDb(warehousePath, async (db) =>
        (await db.runAndReadAll('SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids FROM RAW_TRANSACTIONS')).getRowObjectsJS(),
      );
      assert.deepEqual(
        loaded.map((r) => [Number(r.n), Number(r.ids)]),
        [[rows.length, rows.length]],
      );
    });
  });

  describe('permanent faults fail at once, as EtlMisconfigured, saying what to fix', () => {
    const awsConfig = { ...testConfig({ GLUE_MODE: 'aws' }), glueJobName: jobName };
    const health = (over: { lake?: LakeStore; glueJobName?: string } = {}) =>
      createEtlHealthActivities({
        lake: over.lake ?? lake,
        warehouse: duckDbWarehouse(join(dir, 'health.duckdb')),
        transformEngine: glueTransformEngine(glueJobRuns(glue), {
          jobName: over.glueJobName ?? awsConfig.glueJobName,
          lakeUrl: awsConfig.lakeUrl,
        }),
        kafka: kafkaActivityAdapters(awsConfig),
      }).checkEtlHealth;

    it('access denied by S3: no SDK retry either', async () => {
      s3Faults.failNext('ListObjectsV2Command', 'access-denied');
      const before = s3Faults.attempts.length;
      const err = await failureOf(new MockActivityEnvironment().run(health()));
      assertFailsFast(err, /^lake s3:\/\/.*: Access Denied \(AccessDenied\); grant the AWS credentials the worker runs with access/);
      assert.deepEqual(s3Faults.attempts.slice(before), ['ListObjectsV2Command']);
    });

    it('a missing bucket', async () => {
      const missing = s3LakeStore(`s3://${uniqueName('no-such-bucket')}/lake`, s3);
      const err = await failureOf(new MockActivityEnvironment().run(health({ lake: missing })));
      assertFailsFast(err, /\(NoSuchBucket\); create the bucket, or point LAKE_URL at one that exists$/);
    });

    it('an unknown Glue job', async () => {
      const err = await failureOf(new MockActivityEnvironment().run(health({ glueJobName: uniqueName('no-such-job') })));
      assertFailsFast(err, /^Glue job no-such-job-.*\(EntityNotFoundException\); deploy the Glue job, or set GLUE_JOB_NAME/);
    });

    it('access denied by Glue', async () => {
      glueFaults.failNext('GetJobCommand', 'access-denied');
      const err = await failureOf(new MockActivityEnvironment().run(health()));
      assertFailsFast(err, /\(AccessDeniedException\); grant the AWS credentials/);
    });

    it('SQL the warehouse rejects: a table whose columns do not match the curated hour', async () => {
      const path = join(dir, 'drifted.duckdb');
      await withDuckDb(path, (db) => db.run('CREATE TABLE RAW_TRANSACTIONS (transaction_id VARCHAR, etl_hour TIMESTAMP)'));
      const { loadHour } = createEtlLoadActivities({ lake, warehouse: duckDbWarehouse(path) });
      const err = await failureOf(new MockActivityEnvironment().run(loadHour, { hour: formatHour(hourStartMs) }));
      assertFailsFast(err, /^warehouse DuckDB .*Binder Error.*; the warehouse rejects the SQL: make the table match the curated hour/s);
    });
  });
});
