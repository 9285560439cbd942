import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createKafka } from '../../src/adapters/kafka/client';
import { localLakeStore, writeProgress, type LakeStore } from '../../src/adapters/lake';
import { duckDbQualityResultsStore } from '../../src/adapters/quality/duckdb-results-store';
import type { QualityResultsStore } from '../../src/adapters/quality/results-store';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { ensureSearchAttributes } from '../../src/adapters/temporal/search-attributes';
import type { ActivityDeps } from '../../src/activities';
import { HOUR_MS } from '../../src/domain/lake';
import { formatHour } from '../../src/domain/hour';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { acknowledgeUpdate, fraudIncident, resolveUpdate, stateQuery } from '../../src/workflows/fraud-incident';
import { etlStatusQuery, hourlyEtl } from '../../src/workflows/hourly-etl';
import { testConfig, uniqueHourMs, uniqueName } from '../support/config';
import { freshTopics } from '../support/kafka';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';
import { until } from '../support/until';
import { startWorkflowWorker, type WorkflowWorker } from '../support/workflow-worker';
import type { ReleaseStep } from './fixtures/next-release-workflows';

const TODAY = require.resolve('../../src/workflows');
const NEXT_RELEASE = require.resolve('./fixtures/next-release-workflows');

/** The history's event kinds, e.g. `workflowTaskFailedEventAttributes`, in order. */
const eventKinds = async (handle: WorkflowHandle): Promise<string[]> =>
  ((await handle.fetchHistory()).events ?? []).map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')) ?? '?');

describe('a deploy that adds a step behind a patch, while workflows wait', function () {
  this.timeout(300_000);
  let dir: string;
  let lake: LakeStore;
  let results: QualityResultsStore;
  let deps: ActivityDeps;
  let connection: Connection;
  let client: Client;
  const workers: WorkflowWorker[] = [];
  const steps: ReleaseStep[] = [];
  const taskQueue = uniqueName('deploy');
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const rows = purchaseRows(hourStartMs);

  const progress = (maxEventTimeMs: number) =>
    writeProgress(lake, 'transactions', {
      topic: 'sales_stream',
      partition: 0,
      maxEventTime: new Date(maxEventTimeMs).toISOString(),
      committedOffset: rows.length,
      updatedAt: new Date().toISOString(),
      pending: null,
    });

  before(async () => {
    const [incidentsTopic] = (await freshTopics(createKafka(testConfig()), ['fraud-incidents'], 1)) as [string];
    dir = mkdtempSync(join(tmpdir(), 'streamify-deploy-'));
    const config = testConfig({
      KAFKA_TOPIC_INCIDENTS: incidentsTopic,
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      GLUE_MODE: 'local',
    });
    lake = localLakeStore(config.lakeUrl);
    results = duckDbQualityResultsStore(config.warehouseDuckdbPath);
    deps = { config, lake, qualityResults: results };
    // The hour's files are in, but the lake has not closed it: the ETL waits in its sensor.
    await writeLakeHour(lake, 'transactions', hourStartMs, rows);
    await progress(hourStartMs + HOUR_MS - 60_000);
    connection = await connectTemporal(config);
    client = temporalClient(connection, config);
    await ensureSearchAttributes(connection, config.temporalNamespace, CUSTOM_SEARCH_ATTRIBUTES);
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    await connection.close();
    await results.close();
    lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a worker on the test's task queue; the next release's also runs the new step's activity. */
  const deploy = async (workflowsPath: string): Promise<WorkflowWorker> => {
    const extraActivities = { releaseStep: async (step: ReleaseStep) => void steps.push(step) };
    const worker = await startWorkflowWorker({ taskQueue, deps, workflowsPath, extraActivities });
    workers.push(worker);
    return worker;
  };
  const openIncident = () => {
    const key = uniqueName('critical-burst:deploy');
    // Ten minutes: the incident waits for a person, not for its own escalation, while the worker is replaced.
    const input = { key, kind: 'critical-burst' as const, severity: 'HIGH' as const, summary: 'deploy test', ackTimeoutMs: 600_000 };
    return client.workflow.start(fraudIncident, { taskQueue, workflowId: key, args: [input] });
  };
  const stepsOf = (workflowId: string) => steps.filter((s) => s.workflowId === workflowId).map((s) => s.at);

  it('finishes an ETL waiting in its sensor and an incident waiting for acknowledgement on the new code, the new step only where its patch says', async () => {
    const today = await deploy(TODAY);
    const etl = await client.workflow.start(hourlyEtl, {
      taskQueue,
      workflowId: uniqueName('hourly-etl-deploy'),
      args: [{ hour: formatHour(hourStartMs), overrideWaitMs: 60_000 }],
    });
    const incident = await openIncident();
    await until('the ETL waits in its sensor', async () => (await etl.query(etlStatusQuery)).step === 'sensor');
    // The acknowledgement deadline's timer is started once the opening notification is out.
    await until('the incident waits for acknowledgement', async () => (await eventKinds(incident)).includes('timerStartedEventAttributes'));

    await today.stop();
    workers.splice(workers.indexOf(today), 1);
    await progress(hourStartMs + HOUR_MS + 60_000);
    await deploy(NEXT_RELEASE);

    const acknowledged = await incident.executeUpdate(acknowledgeUpdate, { args: [{ by: 'alice' }] });
    assert.equal(acknowledged.status, 'acknowledged');
    await incident.executeUpdate(resolveUpdate, { args: [{ by: 'alice', note: 'deployed through' }] });
    assert.equal((await incident.result()).status, 'resolved');
    const result = await etl.result();
    assert.equal(result.load.rows.RAW_TRANSACTIONS, rows.length);

    // Both started on the old code: they replay past their start without the new step and take it at their end.
    assert.deepEqual(stepsOf(etl.workflowId), ['end']);
    assert.deepEqual(stepsOf(incident.workflowId), ['end']);
    for (const handle of [etl, incident]) {
      assert.ok(!(await eventKinds(handle)).includes('workflowTaskFailedEventAttributes'), `${handle.workflowId}: a workflow task failed`);
      await Worker.runReplayHistory({ workflowsPath: NEXT_RELEASE }, await handle.fetchHistory(), handle.workflowId);
    }

    // One started on the new code takes the step at its start as well.
    const fresh = await openIncident();
    await until('the new incident is open', async () => (await fresh.query(stateQuery).catch(() => undefined))?.status === 'open');
    await fresh.executeUpdate(resolveUpdate, { args: [{ by: 'alice', note: 'new code' }] });
    await fresh.result();
    assert.deepEqual(stepsOf(fresh.workflowId), ['start', 'end']);
  });
});
