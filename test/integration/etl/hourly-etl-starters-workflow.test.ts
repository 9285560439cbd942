import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client, Connection } from '@temporalio/client';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { connectTemporal } from '../../../src/adapters/temporal/connection';
import { hourlyEtlWorkflowId, type ScheduledHourlyEtlResult } from '../../../src/domain/etl/contract';
import { HOUR_MS, hourStartOf } from '../../../src/domain/lake';
import { dataQualityWorkflowId } from '../../../src/domain/quality/gate';
import { formatHour } from '../../../src/domain/hour';
import { applyHourlyEtlSchedule } from '../../../src/temporal/hourly-etl-schedule';
import { overrideSignal, statusQuery, type dataQuality } from '../../../src/workflows/data-quality';
import { hourlyEtl } from '../../../src/workflows/hourly-etl';
import type { scheduledHourlyEtl } from '../../../src/workflows/scheduled-hourly-etl';
import { testConfig, uniqueHourMs } from '../../support/config';
import { keepHistory } from '../../support/histories';
import { closeLakeHour, purchaseRows, writeLakeHour } from '../../support/lake-hour';
import { createTestNamespace, deleteTestNamespace } from '../../support/namespace';
import { until } from '../../support/until';
import { startTestWorker, type TestWorker } from '../../support/worker';

const run = promisify(execFile);

/**
 * Whoever starts an hour (the schedule, `etl run`, `etl backfill`, `dq gate`), one execution does its work. The test
 * has a namespace of its own, so it may use the ids and schedule names a user's stack uses without touching theirs.
 */
describe('one ETL run per hour, whoever starts it', function () {
  this.timeout(240_000);
  let connection: Connection;
  let namespace: string;
  let harness: TestWorker;
  let client: Client;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    connection = await connectTemporal(testConfig());
    namespace = await createTestNamespace(connection);
    harness = await startTestWorker({ TEMPORAL_NAMESPACE: namespace, GLUE_MODE: 'local' });
    client = harness.client;
    env = {
      ...process.env,
      TEMPORAL_NAMESPACE: namespace,
      LAKE_URL: harness.config.lakeUrl,
      WAREHOUSE_DUCKDB_PATH: harness.config.warehouseDuckdbPath,
      LOG_FORMAT: 'json',
    };
  });

  after(async () => {
    await harness.stop();
    await deleteTestNamespace(connection, namespace);
    await connection.close();
  });

  const streamify = (...args: string[]) => run(process.execPath, ['bin/streamify.js', ...args], { env, encoding: 'utf8' });

  /** What exited non-zero, as the caller sees it. */
  const exitOf = (p: Promise<{ stdout: string; stderr: string }>) =>
    p.then(
      (out) => ({ code: 0, ...out }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

  /** The executions of a workflow type with that id in the test's namespace, once visibility lists at least one. */
  const executionsOf = async (type: string, workflowId: string): Promise<string[]> => {
    const query = `WorkflowType = '${type}' AND WorkflowId = '${workflowId}'`;
    let runs: string[] = [];
    await until(`${workflowId} is listed`, async () => {
      runs = [];
      for await (const w of client.workflow.list({ query })) runs.push(w.runId);
      return runs.length > 0;
    });
    return runs;
  };

  const runsInLedger = (hourStartMs: number) =>
    withDuckDb(harness.config.warehouseDuckdbPath, async (db) => {
      const found = await db.runAndReadAll(
        `SELECT run_id FROM ETL_RUNS WHERE epoch_ms(etl_hour) = ${hourStartMs} AND status = 'succeeded'`,
      );
      return found.getRowObjectsJS().map((r) => String(r.run_id));
    });

  it('two `etl run` and a scheduled run of the same hour at the same moment: one execution, every caller gets its result', async () => {
    // The schedule's tick takes the hour before its scheduled time; right at the top of an hour, wait for the next one.
    if (Date.now() - hourStartOf(Date.now()) < 60_000) await new Promise((resolve) => setTimeout(resolve, 60_000));
    const hourStartMs = hourStartOf(Date.now()) - HOUR_MS;
    const hour = formatHour(hourStartMs);
    const rows = purchaseRows(hourStartMs);
    // The hour is in the lake but not closed: the first run waits in its sensor while the second start arrives.
    await writeLakeHour(harness.lake, 'transactions', hourStartMs, rows);
    await applyHourlyEtlSchedule(client, { taskQueue: harness.taskQueue, catchupWindow: '1 minute', input: { overrideWaitMs: 1_000 } });
    const schedule = client.schedule.getHandle('hourly-etl');

    const etlRun = () => exitOf(streamify('etl', 'run', '--hour', hour, '--task-queue', harness.taskQueue, '--override-wait', '1s'));
    const manual = [etlRun(), etlRun()];
    await schedule.trigger();
    const etl = client.workflow.getHandle<typeof hourlyEtl>(hourlyEtlWorkflowId(hour));
    await until('the hour’s run waits in its sensor', async () => {
      const status = await etl.query('status').catch(() => undefined);
      return (status as { step?: string } | undefined)?.step === 'sensor';
    });
    let tickId: string | undefined;
    await until('the schedule took its action', async () => {
      tickId = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
      return tickId !== undefined;
    });
    const tickHandle = client.workflow.getHandle<typeof scheduledHourlyEtl>(tickId ?? '');
    const tick: ScheduledHourlyEtlResult = await tickHandle.result();
    await keepHistory(tickHandle, 'scheduledHourlyEtl-started');
    assert.deepEqual([tick.hour, tick.workflowId], [hour, hourlyEtlWorkflowId(hour)]);

    await closeLakeHour(harness.lake, hourStartMs);
    const [result, ...clis] = await Promise.all([etl.result(), ...manual]);
    for (const cli of clis) {
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, new RegExp(`${hour}: transactions passed`));
      assert.match(cli.stdout, new RegExp(`RAW_TRANSACTIONS ${result.load.rows.RAW_TRANSACTIONS}`));
    }
    assert.equal(result.load.rows.RAW_TRANSACTIONS, rows.length);
    assert.equal((await executionsOf('hourlyEtl', hourlyEtlWorkflowId(hour))).length, 1);
    assert.deepEqual(await runsInLedger(hourStartMs), [`${etl.workflowId}/${(await etl.describe()).runId}`]);
  });

  it('`dq gate` during an ETL of its hour joins the ETL’s gate, and an ETL started during `dq gate` joins that one', async () => {
    // Hours of the test's own, far from any real data; the purchases fail an error-level check, so each gate waits.
    const etlFirstMs = uniqueHourMs();
    const gateFirstMs = etlFirstMs + HOUR_MS;
    for (const ms of [etlFirstMs, gateFirstMs])
      await writeLakeHour(
        harness.lake,
        'transactions',
        ms,
        purchaseRows(ms).map((r, i) => (i === 0 ? { ...r, amount: -5 } : r)),
      );
    await closeLakeHour(harness.lake, gateFirstMs);
    const gateOf = (ms: number) => client.workflow.getHandle<typeof dataQuality>(dataQualityWorkflowId('transactions', formatHour(ms)));
    const awaitingOverride = (ms: number) =>
      until(`the gate of ${formatHour(ms)} waits for an override`, async () => {
        const status = await gateOf(ms)
          .query(statusQuery)
          .catch(() => undefined);
        return status?.phase === 'awaiting-override';
      });
    const override = { reason: 'negative amount is a refund test', by: 'test' };
    const dqGate = (ms: number) =>
      exitOf(streamify('dq', 'gate', '--dataset', 'transactions', '--hour', formatHour(ms), '--task-queue', harness.taskQueue));

    // The ETL first, then `dq gate` of its hour.
    const etl = await client.workflow.start(hourlyEtl, {
      taskQueue: harness.taskQueue,
      workflowId: hourlyEtlWorkflowId(formatHour(etlFirstMs)),
      args: [{ hour: formatHour(etlFirstMs), overrideWaitMs: 10 * 60_000 }],
    });
    await awaitingOverride(etlFirstMs);
    const joiningCli = dqGate(etlFirstMs);
    await until('the CLI joined the gate', async () => (await gateOf(etlFirstMs).describe()).status.name === 'RUNNING');

    // `dq gate` first, then the ETL of its hour.
    const gateCli = dqGate(gateFirstMs);
    await awaitingOverride(gateFirstMs);
    const joiningEtl = await client.workflow.start(hourlyEtl, {
      taskQueue: harness.taskQueue,
      workflowId: hourlyEtlWorkflowId(formatHour(gateFirstMs)),
      args: [{ hour: formatHour(gateFirstMs), overrideWaitMs: 10 * 60_000 }],
    });
    await until('the ETL waits for the running gate', async () => {
      const { pendingActivities } = await connection.workflowService.describeWorkflowExecution({
        namespace,
        execution: { workflowId: joiningEtl.workflowId },
      });
      return (pendingActivities ?? []).some((a) => a.activityType?.name === 'awaitDataQualityGate');
    });

    for (const ms of [etlFirstMs, gateFirstMs]) await gateOf(ms).signal(overrideSignal, override);
    const [etlResult, joinedEtlResult, joinedCli, firstCli] = await Promise.all([etl.result(), joiningEtl.result(), joiningCli, gateCli]);
    for (const [cli, what] of [
      [joinedCli, 'the CLI that joined the ETL’s gate'],
      [firstCli, 'the CLI whose gate the ETL joined'],
    ] as const) {
      assert.equal(cli.code, 0, `${what}: ${cli.stderr}`);
      assert.match(cli.stdout, /released: .*released by test/, what);
    }
    await keepHistory(joiningEtl, 'hourlyEtl-joined-running-gate');
    for (const result of [etlResult, joinedEtlResult])
      assert.deepEqual(
        result.quality.find((q) => q.dataset === 'transactions'),
        { dataset: 'transactions', outcome: 'released' },
      );
    for (const ms of [etlFirstMs, gateFirstMs]) {
      assert.equal((await executionsOf('dataQuality', gateOf(ms).workflowId)).length, 1, `one gate of ${formatHour(ms)}`);
    }
  });

  it('`etl gaps` lists the hours without a successful load and `etl backfill --missing` runs exactly those', async () => {
    const firstMs = uniqueHourMs();
    const hours = [firstMs, firstMs + HOUR_MS, firstMs + 2 * HOUR_MS];
    for (const ms of hours) await writeLakeHour(harness.lake, 'transactions', ms, purchaseRows(ms));
    await closeLakeHour(harness.lake, hours[2] ?? 0);
    const [from, skipped, to] = hours.map(formatHour) as [string, string, string];
    // The schedule of this namespace never ran the middle hour: it is the deliberately skipped one.
    for (const hour of [from, to])
      assert.equal((await exitOf(streamify('etl', 'run', '--hour', hour, '--task-queue', harness.taskQueue))).code, 0);

    const gaps = await exitOf(streamify('etl', 'gaps', '--from', from, '--to', to));
    assert.deepEqual([gaps.code, gaps.stdout], [1, `${skipped}\n`]);

    const backfill = await exitOf(streamify('etl', 'backfill', '--missing', '--from', from, '--to', to, '--task-queue', harness.taskQueue));
    assert.equal(backfill.code, 0, backfill.stderr);
    assert.match(backfill.stdout, new RegExp(`1 hours to run \\(no successful load in ETL_RUNS\\): ${skipped}\n`));
    assert.match(backfill.stdout, new RegExp(`\\[1/1\\] ${skipped} loaded`));
    for (const hour of [from, skipped, to]) assert.equal((await executionsOf('hourlyEtl', hourlyEtlWorkflowId(hour))).length, 1, hour);

    const after = await exitOf(streamify('etl', 'gaps', '--from', from, '--to', to));
    assert.deepEqual([after.code, after.stdout], [0, '']);
  });
});
