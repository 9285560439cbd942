import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApplicationFailure,
  WorkflowFailedError,
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { readJson, type LakeStore } from '../../src/adapters/lake';
import { Worker } from '@temporalio/worker';
import type { QualityResultsStore } from '../../src/adapters/quality/results-store';
import { HOUR_MS, hourPrefix, type LakeRow } from '../../src/domain/lake';
import { quarantineKey, quarantineMarkerKey, type QuarantineMarker } from '../../src/domain/lake/quarantine';
import { GATE_FAILED, INVALID_GATE_INPUT, type DataQualityInput, type DataQualityResult } from '../../src/domain/quality/gate';
import { formatHour } from '../../src/domain/hour';
import { dataQuality, overrideSignal, statusQuery } from '../../src/workflows/data-quality';
import { uniqueName } from '../support/config';
import { keepHistory } from '../support/histories';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';
import { startTestWorker, type TestWorker } from '../support/worker';

/** Each test gates its own hour, so lake folders and DQ_RESULTS rows never mix. */
let nextHourMs = Date.parse('2026-11-25T12:00:00Z');
const freshHour = (): number => (nextHourMs += HOUR_MS);

const corrupt = (rows: LakeRow[], column: string, value: string | number, count: number): LakeRow[] =>
  rows.map((r, i) => (i < count ? { ...r, [column]: value } : r));

describe('dataQuality workflow on the dev server', () => {
  let harness: TestWorker;
  let lake: LakeStore;
  let results: QualityResultsStore;
  let client: Client;

  before(async () => {
    harness = await startTestWorker({ WAREHOUSE: 'duckdb' });
    ({ lake, qualityResults: results, client } = harness);
  });
  after(() => harness.stop());

  const start = (input: DataQualityInput): Promise<WorkflowHandleWithFirstExecutionRunId<typeof dataQuality>> =>
    client.workflow.start(dataQuality, { taskQueue: harness.taskQueue, workflowId: uniqueName('data-quality'), args: [input] });

  async function gateFailure(handle: WorkflowHandle): Promise<ApplicationFailure> {
    const err = await handle.result().then(
      () => assert.fail('the gate should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure, String(err));
    return err.cause;
  }

  async function awaitPhase(handle: WorkflowHandle<typeof dataQuality>, phase: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if ((await handle.query(statusQuery)).phase === phase) return;
      await sleep(200);
    }
    assert.fail(`the gate never reached ${phase}`);
  }

  it('passes a clean hour and records its results under the workflow and run id', async () => {
    const hourMs = freshHour();
    await writeLakeHour(lake, 'transactions', hourMs, purchaseRows(hourMs));
    const handle = await start({ dataset: 'transactions', hour: formatHour(hourMs) });
    const result = await handle.result();
    await keepHistory(handle, 'dataQuality-passed');

    assert.deepEqual(
      [result.outcome, result.quarantinedFiles, result.check.files, result.check.summary.gatePassed],
      ['passed', 0, 2, true],
    );
    assert.deepEqual((await handle.query(statusQuery)).phase, 'passed');
    const recorded = await results.resultsOfHour(hourMs);
    assert.equal(recorded.length, result.check.summary.passed);
    assert.ok(recorded.every((r) => r.runId === `${handle.workflowId}/${handle.firstExecutionRunId}`));
  });

  it('passes an hour whose only failures are warn-level, with the warnings recorded and returned', async () => {
    const hourMs = freshHour();
    await writeLakeHour(lake, 'transactions', hourMs, corrupt(purchaseRows(hourMs), 'device_type', 'fridge', 10));
    const result = await (await start({ dataset: 'transactions', hour: formatHour(hourMs) })).result();

    assert.equal(result.outcome, 'passed');
    assert.deepEqual([result.check.warnedChecks, result.check.summary.warned, result.check.failedChecks], [['device_type_values'], 1, []]);
    const warned = (await results.resultsOfHour(hourMs)).filter((r) => r.status === 'warn');
    assert.deepEqual(
      warned.map((r) => [r.check, r.failing_rows]),
      [['device_type_values', 10]],
    );
    assert.ok((await lake.list(`${hourPrefix('transactions', hourMs)}/`)).length === 2, 'the files stay in the raw zone');
  });

  it('quarantines an hour with error-level failures and, without an override by the deadline, fails for good', async () => {
    const hourMs = freshHour();
    const keys = await writeLakeHour(lake, 'transactions', hourMs, corrupt(purchaseRows(hourMs), 'amount', -5, 3));
    const handle = await start({ dataset: 'transactions', hour: formatHour(hourMs), overrideWaitMs: 1_500 });
    const failure = await gateFailure(handle);
    await keepHistory(handle, 'dataQuality-failed');

    assert.equal(failure.type, GATE_FAILED);
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /failed error-level checks: amount_non_negative, amount_range; 2 files stay in quarantine/);
    assert.deepEqual(await lake.list(`${hourPrefix('transactions', hourMs)}/`), []);
    const marker = (await readJson(lake, quarantineMarkerKey('transactions', hourMs))) as QuarantineMarker;
    assert.deepEqual([marker.files, marker.failedChecks], [keys, ['amount_non_negative', 'amount_range']]);
    const history = await handle.fetchHistory();
    assert.deepEqual(
      history.events?.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
      ['qualitySearchAttributesReady', 'checkLakeHour', 'quarantineLakeHour'],
      'checked and quarantined, nothing retried',
    );
  });

  it('releases a quarantined hour on an override signal, records the reason, and its history replays', async () => {
    const hourMs = freshHour();
    const keys = await writeLakeHour(lake, 'transactions', hourMs, corrupt(purchaseRows(hourMs), 'status', 'lost', 5));
    const handle = await start({ dataset: 'transactions', hour: formatHour(hourMs), overrideWaitMs: 60_000 });
    await awaitPhase(handle, 'awaiting-override');
    const waiting = await handle.query(statusQuery);
    assert.deepEqual([waiting.quarantinedFiles, waiting.check?.failedChecks], [2, ['status_values']]);
    assert.ok(waiting.overrideDeadline !== undefined);

    await handle.signal(overrideSignal, { reason: 'a test of the new refund status', by: 'qa' });
    const result: DataQualityResult = await handle.result();
    await keepHistory(handle, 'dataQuality-released');

    assert.deepEqual(
      [result.outcome, result.quarantinedFiles, result.override?.reason, result.override?.by],
      ['released', 2, 'a test of the new refund status', 'qa'],
    );
    assert.deepEqual(
      (await lake.list(`${hourPrefix('transactions', hourMs)}/`)).map((o) => o.key),
      keys,
    );
    assert.deepEqual(await lake.list(quarantineKey(`${hourPrefix('transactions', hourMs)}/`)), []);
    const [recorded] = await results.overridesOfHour(hourMs);
    assert.deepEqual(
      [recorded?.runId, recorded?.reason, recorded?.by],
      [`${handle.workflowId}/${handle.firstExecutionRunId}`, 'a test of the new refund status', 'qa'],
    );

    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../src/workflows') },
      await handle.fetchHistory(),
      handle.workflowId,
    );
  });

  it('reports an hour without files as empty', async () => {
    const result = await (await start({ dataset: 'alerts', hour: formatHour(freshHour()) })).result();
    assert.deepEqual([result.outcome, result.check.files], ['empty', 0]);
  });

  it('fails at once, without retrying, on an input that is not an hour of a dataset', async () => {
    const failure = await gateFailure(await start({ dataset: 'transactions', hour: '2026-11-25 12:00' }));
    assert.deepEqual([failure.type, failure.nonRetryable], [INVALID_GATE_INPUT, true]);
    assert.match(failure.message, /not an hour/);
  });
});
