import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure, WorkflowUpdateFailedError, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createKafka } from '../../src/adapters/kafka/client';
import { localLakeStore, type LakeStore } from '../../src/adapters/lake';
import { duckDbQualityResultsStore } from '../../src/adapters/quality/duckdb-results-store';
import type { QualityResultsStore } from '../../src/adapters/quality/results-store';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import type { Config } from '../../src/config';
import { INVALID_INCIDENT_ACTION, type IncidentState } from '../../src/domain/monitoring/incident';
import { INVALID_OVERRIDE, dataQualityWorkflowId } from '../../src/domain/quality/gate';
import { formatHour } from '../../src/domain/hour';
import { dataQuality, overrideSignal, overrideUpdate, statusQuery } from '../../src/workflows/data-quality';
import {
  acknowledgeSignal,
  acknowledgeUpdate,
  escalateUpdate,
  fraudIncident,
  resolveSignal,
  resolveUpdate,
  stateQuery,
} from '../../src/workflows/fraud-incident';
import { testConfig, uniqueHourMs, uniqueName } from '../support/config';
import { keepHistory } from '../support/histories';
import { freshTopics } from '../support/kafka';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';
import { until } from '../support/until';
import { startWorkflowWorker, type WorkflowWorker } from '../support/workflow-worker';

/** The reason an update was refused with, and the failure type the workflow gave it. */
async function refusal(update: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  const err = await update.then(
    () => assert.fail('the update should have been refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure, String(err));
  return { type: err.cause.type ?? undefined, message: err.cause.message };
}

/** Runs the CLI without blocking this process (its worker must answer the CLI's update); resolves to its exit and output. */
function streamify(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', ['bin/streamify.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('human actions on the dev server: updates that answer, signals that say what they ignored', () => {
  let dir: string;
  let config: Config;
  let lake: LakeStore;
  let results: QualityResultsStore;
  let worker: WorkflowWorker;
  let connection: Connection;
  let client: Client;
  const taskQueue = uniqueName('human-actions');

  before(async () => {
    const [incidentsTopic] = (await freshTopics(createKafka(testConfig()), ['fraud-incidents'], 1)) as [string];
    dir = mkdtempSync(join(tmpdir(), 'streamify-human-actions-'));
    config = testConfig({
      KAFKA_TOPIC_INCIDENTS: incidentsTopic,
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
    });
    lake = localLakeStore(config.lakeUrl);
    results = duckDbQualityResultsStore(config.warehouseDuckdbPath);
    worker = await startWorkflowWorker({
      taskQueue,
      deps: { config, lake, qualityResults: results },
      workflowsPath: require.resolve('../../src/workflows'),
    });
    connection = await connectTemporal(config);
    client = temporalClient(connection, config);
  });

  after(async () => {
    await worker.stop();
    await connection.close();
    await results.close();
    lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (): Promise<WorkflowHandle<typeof fraudIncident>> => {
    const key = uniqueName('critical-burst:human-actions');
    // Ten minutes: nobody's silence escalates it while the test acts on it.
    const input = { key, kind: 'critical-burst' as const, severity: 'HIGH' as const, summary: 'test', ackTimeoutMs: 600_000 };
    return client.workflow.start(fraudIncident, { taskQueue, workflowId: key, args: [input] });
  };
  const warnings = (workflowId: string, message: string) =>
    worker.logs.filter((l) => l.level === 'warn' && l.workflowId === workflowId && l.message === message);
  const acceptedUpdates = async (handle: WorkflowHandle): Promise<number> =>
    ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;

  it('refuses incident updates with bad input or in the wrong status, with the reason, and answers good ones with the incident', async () => {
    const handle = await open();
    // `acknowledge` with a string: the mistake a signal used to drop without a word.
    const asString = await refusal(handle.executeUpdate(acknowledgeUpdate, { args: ['alice' as unknown as { by: string }] }));
    assert.deepEqual(asString, { type: INVALID_INCIDENT_ACTION, message: 'acknowledge takes {"by": "…"}, got a string' });
    assert.match((await refusal(handle.executeUpdate(acknowledgeUpdate, { args: [{ by: ' ' }] }))).message, /needs a non-empty "by"/);

    const acknowledged = await handle.executeUpdate(acknowledgeUpdate, { args: [{ by: 'alice' }] });
    assert.deepEqual([acknowledged.status, acknowledged.acknowledged?.by], ['acknowledged', 'alice']);
    assert.match(
      (await refusal(handle.executeUpdate(acknowledgeUpdate, { args: [{ by: 'bob' }] }))).message,
      /is already acknowledged \(by alice at /,
    );
    const noReason = { by: 'bob' } as unknown as { by: string; reason: string };
    assert.match(
      (await refusal(handle.executeUpdate(escalateUpdate, { args: [noReason] }))).message,
      /escalate needs a non-empty "reason"/,
    );

    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ by: 'alice', note: 'blocked the BIN' }] });
    assert.deepEqual([resolved.status, resolved.resolved?.note], ['resolved', 'blocked the BIN']);
    assert.equal((await handle.result()).status, 'resolved');
    // Refused updates leave no trace in the history; the two accepted ones do.
    assert.equal(await acceptedUpdates(handle), 2);
    // A history with updates in it replays on the workflow code (the handlers run again; the validators do not).
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../src/workflows') },
      await handle.fetchHistory(),
      handle.workflowId,
    );
    await keepHistory(handle, 'fraudIncident-updated');
  });

  it('ignores a signal with bad input or in the wrong status, and logs what it ignored and why', async () => {
    const handle = await open();
    await handle.signal(acknowledgeSignal, 'alice' as unknown as { by: string });
    await handle.signal(acknowledgeSignal, { by: 'bob' });
    await handle.signal(acknowledgeSignal, { by: 'carol' });
    await until('bob acknowledged the incident', async () => (await handle.query(stateQuery)).acknowledged?.by === 'bob');
    await until('two ignored acknowledgements are logged', () => warnings(handle.workflowId, 'acknowledge ignored').length === 2);
    const reasons = warnings(handle.workflowId, 'acknowledge ignored').map((l) => String(l.attrs?.reason));
    assert.match(reasons[0] ?? '', /^acknowledge takes \{"by": "…"\}, got a string$/);
    assert.match(reasons[1] ?? '', /already acknowledged \(by bob/);

    await handle.signal(resolveSignal, { by: 'bob', note: 'false positive' });
    const final: IncidentState = await handle.result();
    assert.deepEqual([final.status, final.acknowledged?.by], ['resolved', 'bob']);
  });

  it('refuses an override update without a reason, releases the hour on a good one, and logs an ignored override signal', async function () {
    this.timeout(300_000);
    // An hour of its own (three negative amounts fail the error-level amount check), gated under a unique id.
    const hourStartMs = uniqueHourMs();
    const rows = purchaseRows(hourStartMs).map((r, i) => (i < 3 ? { ...r, amount: -5 } : r));
    await writeLakeHour(lake, 'transactions', hourStartMs, rows);
    const handle = await client.workflow.start(dataQuality, {
      taskQueue,
      workflowId: uniqueName('data-quality-human-actions'),
      args: [{ dataset: 'transactions', hour: formatHour(hourStartMs), overrideWaitMs: 600_000 }],
    });
    await until(
      'the gate waits for an override',
      async () => (await handle.query(statusQuery).catch(() => undefined))?.phase === 'awaiting-override',
    );

    await handle.signal(overrideSignal, 'release it' as unknown as { reason: string; by: string });
    await until('the ignored override is logged', () => warnings(handle.workflowId, 'override ignored').length === 1);
    assert.match(String(warnings(handle.workflowId, 'override ignored')[0]?.attrs?.reason), /override takes .*got a string/);

    const noReason = await refusal(handle.executeUpdate(overrideUpdate, { args: [{ reason: ' ', by: 'ops' }] }));
    assert.deepEqual(noReason, { type: INVALID_OVERRIDE, message: 'override needs a non-empty "reason" ({"reason": "…", "by": "…"})' });
    const accepted = await handle.executeUpdate(overrideUpdate, { args: [{ reason: 'known refund batch', by: 'ops' }] });
    assert.deepEqual([accepted.by, accepted.reason], ['ops', 'known refund batch']);
    const result = await handle.result();
    assert.deepEqual([result.outcome, result.override?.by], ['released', 'ops']);
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../src/workflows') },
      await handle.fetchHistory(),
      handle.workflowId,
    );
    await keepHistory(handle, 'dataQuality-released-by-update');
  });

  it('`incident ack|escalate` use the updates: a refusal is printed with exit code 1', async function () {
    this.timeout(180_000);
    const handle = await open();
    const env = { ...process.env, LOG_FORMAT: 'json' };
    const first = await streamify(env, 'incident', 'ack', '--key', handle.workflowId, '--by', 'alice');
    assert.equal(first.status, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as IncidentState).acknowledged?.by, 'alice');

    const again = await streamify(env, 'incident', 'ack', '--key', handle.workflowId, '--by', 'bob');
    assert.equal(again.status, 1, again.stdout);
    assert.match(again.stderr, /acknowledge refused by critical-burst:human-actions-\S+: incident \S+ is already acknowledged \(by alice/);
    const blank = await streamify(env, 'incident', 'escalate', '--key', handle.workflowId, '--reason', ' ');
    assert.equal(blank.status, 1, blank.stdout);
    assert.match(blank.stderr, /escalate needs a non-empty "reason"/);

    await handle.executeUpdate(resolveUpdate, { args: [{ by: 'alice', note: 'done' }] });
    await handle.result();
  });

  it('`dq override` uses the update: a refusal is printed with exit code 1, an accepted override releases the hour', async function () {
    this.timeout(300_000);
    // The command finds the gate by dataset and hour: an hour no other test gates (each takes one of its run's own).
    const hourStartMs = uniqueHourMs();
    const hour = formatHour(hourStartMs);
    await writeLakeHour(
      lake,
      'transactions',
      hourStartMs,
      purchaseRows(hourStartMs).map((r, i) => (i < 3 ? { ...r, amount: -5 } : r)),
    );
    const handle = await client.workflow.start(dataQuality, {
      taskQueue,
      workflowId: dataQualityWorkflowId('transactions', hour),
      args: [{ dataset: 'transactions', hour, overrideWaitMs: 600_000 }],
    });
    await until(
      'the gate waits for an override',
      async () => (await handle.query(statusQuery).catch(() => undefined))?.phase === 'awaiting-override',
    );
    const env = { ...process.env, LOG_FORMAT: 'json' };
    const override = (reason: string) =>
      streamify(env, 'dq', 'override', '--dataset', 'transactions', '--hour', hour, '--reason', reason, '--by', 'ops');

    const blank = await override(' ');
    assert.equal(blank.status, 1, blank.stdout);
    assert.match(blank.stderr, /override refused by data-quality-transactions-\S+: override needs a non-empty "reason"/);
    const accepted = await override('known refund batch');
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(accepted.stdout, /override by ops accepted by data-quality-transactions-/);
    assert.equal((await handle.result()).outcome, 'released');
  });
});
