import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateJobCommand, type GlueClient } from '@aws-sdk/client-glue';
import { Context } from '@temporalio/activity';
import { CancelledFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { createGlueClient, glueJobRuns, type GlueJobRuns } from '../../../src/adapters/glue/job-runs';
import { localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { describeCuratedHour } from '../../../src/adapters/transform/curated-hour';
import { runDuckDbTransform } from '../../../src/adapters/transform/duckdb-engine';
import { loadTransformSql } from '../../../src/adapters/transform/sql-files';
import type { HourlyEtlResult } from '../../../src/domain/etl/contract';
import { formatHour } from '../../../src/domain/hour';
import { MOTO_CREDENTIALS } from '../../../src/stack/moto';
import { hourlyEtl } from '../../../src/workflows/hourly-etl';
import { testConfig, uniqueHourMs, uniqueName } from '../../support/config';
import { answerBatchStopJobRun, type StopRequest } from '../../support/glue-stop';
import { purchaseRows, writeClosedLakeHour } from '../../support/lake-hour';
import { startTestWorker, type TestWorker } from '../../support/worker';

/** A promise and the function that resolves it. */
function signalled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The activity type running the current code, or undefined outside an activity. */
function activityType(): string | undefined {
  try {
    return Context.current().info.activityType;
  } catch {
    return undefined;
  }
}

/** Resolves once the current activity has been told it is cancelled. */
function untilCancelled(): Promise<void> {
  const signal = Context.current().cancellationSignal;
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

/**
 * The lake, except that once `hold()` is called, the transform's reads of raw files wait until the activity is
 * cancelled: the cancellation then finds the transform under way, whatever the machine's speed.
 */
function holdingLake(real: LakeStore) {
  let holding = false;
  const held = signalled();
  const lake: LakeStore = {
    ...real,
    async get(key) {
      if (holding && key.startsWith('raw/') && activityType() === 'transformHour') {
        held.resolve();
        await untilCancelled();
      }
      return real.get(key);
    },
  };
  return { lake, held: held.promise, hold: () => (holding = true) };
}

/**
 * Glue on moto, except run states: moto ends every run SUCCEEDED at once and cannot stop one, so once `hold()` is
 * called a run reads RUNNING until it has been stopped (through the real client), then STOPPED.
 */
function holdingGlue(client: GlueClient) {
  const real = glueJobRuns(client);
  const stopped = new Set<string>();
  let holding = false;
  const polled = signalled();
  const glue: GlueJobRuns = {
    ...real,
    async get(jobName, runId) {
      const run = await real.get(jobName, runId);
      if (!holding) return run;
      polled.resolve();
      return { ...run, state: stopped.has(runId) ? 'STOPPED' : 'RUNNING' };
    },
    async stop(jobName, runId) {
      await real.stop(jobName, runId);
      stopped.add(runId);
    },
  };
  return { glue, polled: polled.promise, hold: () => (holding = true) };
}

/** The run's history: whether the transform ended cancelled, and whether a load was ever scheduled. */
async function transformEnding(handle: WorkflowHandle): Promise<{ transformCancelled: boolean; loadScheduled: boolean }> {
  const events = (await handle.fetchHistory()).events ?? [];
  const types = new Map<string, string>();
  let transformCancelled = false;
  let loadScheduled = false;
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      types.set(String(e.eventId), scheduled.activityType?.name ?? '');
      if (scheduled.activityType?.name === 'loadHour') loadScheduled = true;
    }
    const canceled = e.activityTaskCanceledEventAttributes;
    if (canceled && types.get(String(canceled.scheduledEventId)) === 'transformHour') transformCancelled = true;
  }
  return { transformCancelled, loadScheduled };
}

async function warehouseRows(path: string): Promise<number> {
  return withDuckDb(path, async (db) =>
    Number((await db.runAndReadAll('SELECT count(*) AS n FROM RAW_TRANSACTIONS')).getRowObjectsJS()[0]?.n),
  );
}

describe('cancelling an hourlyEtl during its transform', function () {
  // A cancellation reaches the transform at its next heartbeat: within a Glue poll (15 s) or the heartbeat timer.
  this.timeout(300_000);
  const config = testConfig();
  let dir: string;
  let glueClient: GlueClient;
  let stopRequests: StopRequest[];
  const jobName = uniqueName('cancel-transform');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-cancel-etl-'));
    glueClient = createGlueClient({ awsRegion: config.awsRegion, glueEndpoint: `http://127.0.0.1:${config.motoPort}` }, MOTO_CREDENTIALS);
    stopRequests = answerBatchStopJobRun(glueClient);
    await glueClient.send(
      new CreateJobCommand({
        Name: jobName,
        Role: 'glue-role',
        Command: { Name: 'glueetl', ScriptLocation: 's3://jobs/transform_job.py' },
      }),
    );
  });
  after(() => {
    glueClient.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const glueMode of ['local', 'aws'] as const) {
    describe(`GLUE_MODE=${glueMode}`, () => {
      // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
      const hourStartMs = uniqueHourMs();
      const hour = formatHour(hourStartMs);
      const lakeDir = mkdtempSync(join(tmpdir(), 'streamify-cancel-lake-'));
      const real = localLakeStore(`file://${lakeDir}`);
      const lake = holdingLake(real);
      let glue: ReturnType<typeof holdingGlue>;
      let harness: TestWorker;
      let first: HourlyEtlResult;

      before(async () => {
        // The client exists once the outer before hook has run.
        glue = holdingGlue(glueClient);
        harness = await startTestWorker({ GLUE_MODE: glueMode, GLUE_JOB_NAME: jobName }, { lake: lake.lake, glue: glue.glue });
        await writeClosedLakeHour(real, hourStartMs, purchaseRows(hourStartMs));
        // moto runs no Spark: what the Glue job would write comes from the same SQL, run here.
        if (glueMode === 'aws') await runDuckDbTransform(real, await loadTransformSql(), hourStartMs);
        // The hour's first, complete load: the rows a cancelled run must leave in place.
        first = await harness.client.workflow.execute(hourlyEtl, {
          taskQueue: harness.taskQueue,
          workflowId: uniqueName(`hourly-etl-cancel-${glueMode}-first`),
          args: [{ hour, overrideWaitMs: 1_000 }],
        });
        // One of the hour's two raw files goes (as a replay of the sink might rewrite it): a transform and load that
        // ran on would change the warehouse hour.
        const raw = await real.list('raw/transactions/');
        assert.equal(raw.length, 2);
        await real.delete(raw[1]?.key ?? '');
      });
      after(async () => {
        await harness.stop();
        real.close();
        rmSync(lakeDir, { recursive: true, force: true });
      });

      it('stops the transform, and the warehouse hour keeps its previous rows', async () => {
        assert.ok((first.load.rows.RAW_TRANSACTIONS ?? 0) > 0, 'the first run loaded rows');
        lake.hold();
        glue.hold();
        const handle = await harness.client.workflow.start(hourlyEtl, {
          taskQueue: harness.taskQueue,
          workflowId: uniqueName(`hourly-etl-cancel-${glueMode}`),
          args: [{ hour, overrideWaitMs: 1_000 }],
        });
        await (glueMode === 'aws' ? glue.polled : lake.held);
        const stopsBefore = stopRequests.length;
        await handle.cancel();

        await assert.rejects(
          handle.result(),
          (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure,
        );
        assert.deepEqual(await transformEnding(handle), { transformCancelled: true, loadScheduled: false });
        assert.equal(await warehouseRows(join(harness.dir, 'warehouse.duckdb')), first.load.rows.RAW_TRANSACTIONS);
        if (glueMode === 'aws') {
          const runId = (await glueJobRuns(glueClient).recentRuns(jobName)).find((r) =>
            r.arguments['--etl_run_id']?.startsWith(handle.workflowId),
          )?.id;
          assert.ok(runId, 'the cancelled run started a Glue run');
          assert.deepEqual(stopRequests.slice(stopsBefore), [{ JobName: jobName, JobRunIds: [runId] }]);
          assert.equal((await glue.glue.get(jobName, runId)).state, 'STOPPED');
        } else {
          // The transform wrote nothing: the curated hour is still the first run's.
          const plan = (await loadTransformSql()).plan;
          assert.deepEqual((await describeCuratedHour(real, plan, hourStartMs)).counts, first.transform.counts);
        }
      });
    });
  }
});
