import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GetJobCommand, type GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEtlHealthActivities } from '../../../src/activities/etl-health';
import { createEtlTransformActivities } from '../../../src/activities/etl-transform';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { deployGlueJob } from '../../../src/adapters/glue/deploy-job';
import { createGlueClient } from '../../../src/adapters/glue/job-runs';
import { localLakeStore, s3LakeStore, type LakeStore } from '../../../src/adapters/lake';
import { createS3Client } from '../../../src/adapters/s3/client';
import { duckDbTransformEngine } from '../../../src/adapters/transform/duckdb-engine';
import type { TransformEngine } from '../../../src/adapters/transform/engine';
import { localSparkJob } from '../../../src/stack/spark-job';
import { sparkTransformEngine, type SparkJob } from '../../../src/adapters/transform/spark-engine';
import { curatedFiles } from '../../../src/adapters/transform/curated-hour';
import { TRANSFORM_JOB_SCRIPT, TRANSFORM_SQL_DIR, loadTransformSql } from '../../../src/adapters/transform/sql-files';
import { ETL_FAILURES, type TransformResult } from '../../../src/domain/etl/contract';
import { DEFAULT_RULES, FraudEngine } from '../../../src/domain/fraud';
import { HOUR_MS, type LakeRow } from '../../../src/domain/lake';
import { alertRecord } from '../../../src/domain/lake/rows';
import { kafkaActivityAdapters } from '../../../src/adapters/kafka/activity-adapters';
import { formatHour } from '../../../src/domain/hour';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import { MOTO_CREDENTIALS } from '../../../src/stack/moto';
import { testConfig, uniqueName } from '../../support/config';
import { purchaseRows, writeLakeHour } from '../../support/lake-hour';
import { until } from '../../support/until';
import { purchaseRowsOf, trafficBetween, windowRows, windowsOf } from '../../support/windows';

/** JVM start and a local Spark job on a busy 2-core machine take minutes, not seconds. */
const SPARK_TIMEOUT_MS = 20 * 60_000;

/** An hour's raw rows with every kind the transform must handle: late, duplicate, invalid and fraud rows, alerts and windows. */
async function writeBusyHour(lake: LakeStore, hourStartMs: number): Promise<void> {
  const events = trafficBetween(hourStartMs - HOUR_MS, hourStartMs + HOUR_MS + 2 * 60_000);
  const purchases = purchaseRowsOf(events, hourStartMs, hourStartMs + HOUR_MS);
  const first = purchases[0] as LakeRow;
  const invalid = [
    { ...first, transaction_id: 'bad-amount', amount: -5 },
    { ...first, transaction_id: 'bad-quantity', quantity: 0 },
    { ...first, transaction_id: 'too-dear', amount: 2_000_000 },
  ];
  // A purchase of the hour before, delivered into this hour's files: outside the hour, so not kept.
  const late = { ...first, transaction_id: 'late', event_time: new Date(hourStartMs - 30_000).toISOString() };
  const redelivered = purchases.slice(0, 5).map((r, i) => ({ ...r, kafka_offset: 1_000_000 + i }));
  await writeLakeHour(lake, 'transactions', hourStartMs, [...purchases, ...invalid, late, ...redelivered] as LakeRow[]);
  await writeLakeHour(lake, 'transactions', hourStartMs - HOUR_MS, purchaseRowsOf(events, hourStartMs - HOUR_MS, hourStartMs));

  const fraud = new FraudEngine(DEFAULT_RULES);
  const alerts: LakeRow[] = [];
  for (const e of events) {
    const alert =
      e.kind === 'purchase' && e.timeMs >= hourStartMs && e.timeMs < hourStartMs + HOUR_MS ? fraud.process(e.event, e.timeMs) : undefined;
    if (alert) alerts.push(alertRecord(alert, { topic: 'fraud_alerts', partition: 0, offset: alerts.length }).row);
  }
  // One alert delivered twice, one re-issued under its id with a higher score.
  const again = [
    { ...alerts[0], kafka_offset: 500_000 },
    { ...alerts[1], score: Number(alerts[1]?.score) + 0.25, severity: 'CRITICAL', kafka_offset: 500_001 },
  ] as LakeRow[];
  await writeLakeHour(lake, 'alerts', hourStartMs, [...alerts, ...again]);

  const windows = windowRows(
    windowsOf(events).filter((w) => Date.parse(w.window_end) > hourStartMs && Date.parse(w.window_end) <= hourStartMs + HOUR_MS),
  );
  await writeLakeHour(lake, 'windows', hourStartMs, [...windows, { ...windows[0], kafka_offset: 900_000 } as LakeRow]);
}

/** A curated table's hour as DuckDB reads it: its columns with types, and its rows in a stable order. */
async function curatedTable(lake: LakeStore, table: string, hourStartMs: number): Promise<{ columns: string[]; rows: unknown[] }> {
  const [file, ...more] = (await curatedFiles(lake, table, hourStartMs)).map((k) => join(lake.url.replace(/^file:\/\//, ''), k));
  assert.ok(file !== undefined && more.length === 0, `one file of ${table} in ${lake.url}`);
  return withDuckDb(':memory:', async (db) => {
    await db.run(`SET TimeZone = 'UTC'`);
    const relation = `read_parquet('${file}')`;
    const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`)).getRowObjectsJS();
    const rows = (await db.runAndReadAll(`SELECT * FROM ${relation} ORDER BY ALL`)).getRowObjectsJson();
    return { columns: described.map((c) => `${String(c.column_name)} ${String(c.column_type)}`), rows };
  });
}

/** The commands (`comm`) of the processes in a process group, from /proc. */
function groupCommands(groupId: number): string[] {
  const commands: string[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      // pid (comm) state ppid pgrp …: comm may hold spaces, so fields are counted after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (Number(stat.slice(close + 2).split(' ')[2]) === groupId) commands.push(stat.slice(stat.indexOf('(') + 1, close));
    } catch {
      // The process ended while being read.
    }
  }
  return commands;
}

/** transformHour on an engine, as the worker runs it; resolves to its result and the heartbeats it sent. */
async function transformHour(engine: TransformEngine, lake: LakeStore, hourStartMs: number, env = new MockActivityEnvironment()) {
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const { transformHour: run } = createEtlTransformActivities({ lake, transformEngine: engine });
  const result = (await env.run(run, { hour: formatHour(hourStartMs), etlRunId: uniqueName('hourly-etl') })) as TransformResult;
  return { result, heartbeats };
}

describe('the Glue job on local Spark (GLUE_MODE=spark)', function () {
  this.timeout(SPARK_TIMEOUT_MS);
  const config = testConfig();
  const endpoint = `http://127.0.0.1:${config.motoPort}`;
  const busyHourMs = Date.parse('2026-11-20T09:00:00Z');
  const quietHourMs = busyHourMs + HOUR_MS;
  let dir: string;
  let s3: S3Client;
  let glue: GlueClient;
  let job: SparkJob;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-spark-'));
    s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: endpoint }, MOTO_CREDENTIALS);
    glue = createGlueClient({ awsRegion: config.awsRegion, glueEndpoint: endpoint }, MOTO_CREDENTIALS);
    job = localSparkJob(config);
    // Installs PySpark into the stack venv when `stack up --with-spark` has not.
    await job.prepare();
  });
  after(() => {
    s3.destroy();
    glue.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys the script and SQL to S3, and that copy on Spark writes every curated table equal to DuckDB’s, row for row', async () => {
    // The deploy, read back the way Glue reads it: the job's script and --extra-files, into one working folder.
    const bucket = uniqueName('glue-files');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const files = s3LakeStore(`s3://${bucket}/glue`, s3);
    const jobName = uniqueName('transform');
    await deployGlueJob(glue, files, { jobName, role: 'glue-role', script: TRANSFORM_JOB_SCRIPT, sqlDir: TRANSFORM_SQL_DIR });
    const deployed = (await glue.send(new GetJobCommand({ JobName: jobName }))).Job;
    const urls = [deployed?.Command?.ScriptLocation ?? '', ...(deployed?.DefaultArguments?.['--extra-files'] ?? '').split(',')];
    const workdir = join(dir, 'glue-workdir');
    mkdirSync(workdir);
    const bucketRoot = s3LakeStore(`s3://${bucket}`, s3);
    for (const url of urls) {
      const body = await bucketRoot.get(url.slice(`s3://${bucket}/`.length));
      assert.ok(body, `${url} was uploaded`);
      writeFileSync(join(workdir, basename(url)), body);
    }
    assert.deepEqual(
      urls.map((u) => basename(u)).sort(),
      ['transform_job.py', 'steps.json', ...(await loadTransformSql()).plan.steps.map((s) => `${s.name}.sql`)].sort(),
    );

    // The same raw hours in two lakes: one for each engine.
    const duckLake = localLakeStore(`file://${join(dir, 'duckdb-lake')}`);
    await writeBusyHour(duckLake, busyHourMs);
    await writeLakeHour(duckLake, 'transactions', quietHourMs, purchaseRows(quietHourMs));
    cpSync(join(dir, 'duckdb-lake'), join(dir, 'spark-lake'), { recursive: true });
    const sparkLake = localLakeStore(`file://${join(dir, 'spark-lake')}`);
    const spark = sparkTransformEngine(sparkLake.url, { ...job, script: join(workdir, 'transform_job.py'), sqlDir: workdir });

    const plan = (await loadTransformSql()).plan;
    for (const hourMs of [busyHourMs, quietHourMs]) {
      const duck = await transformHour(duckDbTransformEngine(duckLake), duckLake, hourMs);
      const onSpark = await transformHour(spark, sparkLake, hourMs);
      assert.deepEqual([duck.result.engine, onSpark.result.engine], ['duckdb', 'spark']);
      assert.deepEqual(onSpark.result.counts, duck.result.counts);
      assert.ok(onSpark.heartbeats.length > 0, 'the Spark run heartbeats');
      for (const step of plan.steps.filter((s) => s.write)) {
        const [expected, actual] = await Promise.all([
          curatedTable(duckLake, step.name, hourMs),
          curatedTable(sparkLake, step.name, hourMs),
        ]);
        assert.deepEqual(actual.columns, expected.columns, `${step.name} columns`);
        assert.deepEqual(actual.rows, expected.rows, `${step.name} rows`);
      }
      if (hourMs === busyHourMs) {
        const c = duck.result.counts;
        assert.deepEqual([c.invalid_transactions, c.duplicate_transactions], [4, 5], 'invalid (3 bad, 1 late) and duplicate rows');
        // The engine re-issues some alerts itself when their severity rises: at least the two of the test are dropped.
        assert.ok(
          (c.fraud_alerts ?? 0) > 1 && (c.raw_alerts ?? 0) - (c.fraud_alerts ?? 0) >= 2,
          `alerts, some delivered twice: ${JSON.stringify(c)}`,
        );
        assert.ok((c.analytics_results ?? 0) > 0 && c.raw_windows === (c.analytics_results ?? 0) + 1, 'windows, one redelivered');
      } else {
        assert.deepEqual(
          [duck.result.counts.raw_alerts, duck.result.counts.analytics_results],
          [0, 0],
          'an hour without alerts or windows',
        );
      }
    }
  });

  it('reports the engine in the ETL’s health check', async () => {
    const lake = localLakeStore(`file://${join(dir, 'health-lake')}`);
    const { checkEtlHealth } = createEtlHealthActivities({
      lake,
      warehouse: duckDbWarehouse(join(dir, 'health.duckdb')),
      transformEngine: sparkTransformEngine(lake.url, job),
      kafka: kafkaActivityAdapters(config),
    });
    assert.deepEqual(await new MockActivityEnvironment().run(checkEtlHealth), ['kafka', 'lake', 'warehouse', 'spark']);
  });

  it('fails the hour for good, with the job’s own message, when the job fails', async () => {
    const broken = join(dir, 'broken-sql');
    cpSync(TRANSFORM_SQL_DIR, broken, { recursive: true });
    rmSync(join(broken, 'fraud_analysis.sql'));
    const lake = localLakeStore(`file://${join(dir, 'broken-lake')}`);
    const engine = sparkTransformEngine(lake.url, { ...job, sqlDir: broken });
    const err = await transformHour(engine, lake, busyHourMs).then(
      () => assert.fail('the transform should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable], [ETL_FAILURES.glueJobFailed, true]);
    assert.match(err.message, /exited with 1: .*No such file or directory: .*fraud_analysis\.sql/);
  });

  it('stops the job, Python and JVM alike, when the activity is cancelled', async () => {
    const lake = localLakeStore(`file://${join(dir, 'cancel-lake')}`);
    await writeLakeHour(lake, 'transactions', busyHourMs, purchaseRows(busyHourMs));
    const env = new MockActivityEnvironment();
    const started = new Promise<number>((resolve) =>
      env.on('heartbeat', (d: unknown) => {
        const pid = /^spark job pid (\d+)$/.exec(String(d))?.[1];
        if (pid) resolve(Number(pid));
      }),
    );
    const running = transformHour(sparkTransformEngine(lake.url, job), lake, busyHourMs, env);
    const pid = await started;
    await until('the job has started its JVM', () => groupCommands(pid).includes('java'), SPARK_TIMEOUT_MS);
    env.cancel();
    const err = await running.then(
      () => assert.fail('the transform should have been cancelled'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CancelledFailure, String(err));
    // The JVM runs its shutdown hooks after Python has gone.
    await until('no process of the job is left', () => groupCommands(pid).length === 0, SPARK_TIMEOUT_MS);
    assert.deepEqual(await curatedFiles(lake, 'transform_counts', busyHourMs), [], 'no curated hour was written');
  });
});
