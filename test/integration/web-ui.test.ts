import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { connectTemporal } from '../../src/adapters/temporal/connection';
import { ensureSearchAttributes } from '../../src/adapters/temporal/search-attributes';
import { HOUR_MS, type LakeRow } from '../../src/domain/lake';
import { formatHour } from '../../src/domain/hour';
import { QUALITY_SEARCH_ATTRIBUTES } from '../../src/domain/quality/search-attributes';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { dataQuality, overrideSignal, statusQuery } from '../../src/workflows/data-quality';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { testConfig, uniqueName } from '../support/config';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';
import { until } from '../support/until';
import { startTestWorker, type TestWorker } from '../support/worker';

/** Hours of their own, apart from the other gate tests' (their lakes are apart too; this keeps logs readable). */
let nextHourMs = Date.parse('2026-10-01T00:00:00Z');
const freshHour = (): number => (nextHourMs += HOUR_MS);

const negativeAmounts = (rows: LakeRow[]): LakeRow[] => rows.map((r, i) => (i < 3 ? { ...r, amount: -5 } : r));

describe('what the Web UI shows of the workflows (the dev server)', () => {
  let harness: TestWorker;

  before(async () => {
    // The stack registers it at start; a dev server started before the attribute existed gets it here.
    const connection = await connectTemporal(testConfig());
    try {
      await ensureSearchAttributes(connection, testConfig().temporalNamespace, CUSTOM_SEARCH_ATTRIBUTES);
    } finally {
      await connection.close();
    }
    harness = await startTestWorker();
  });

  after(async () => {
    await harness?.stop();
  });

  /** The workflow ids a visibility query lists, among the given ones. */
  async function listed(state: string, workflowId: string): Promise<boolean> {
    const query = `${QUALITY_SEARCH_ATTRIBUTES.gateState} = "${state}" AND WorkflowId = "${workflowId}"`;
    for await (const execution of harness.client.workflow.list({ query })) if (execution.workflowId === workflowId) return true;
    return false;
  }

  it('lists a gate whose checks failed under DataQualityGateState = "awaiting-override", with its wait in its current details', async () => {
    const hourMs = freshHour();
    const hour = formatHour(hourMs);
    await writeLakeHour(harness.lake, 'transactions', hourMs, negativeAmounts(purchaseRows(hourMs)));
    const workflowId = uniqueName('data-quality-gate-state');
    const handle = await harness.client.workflow.start(dataQuality, {
      taskQueue: harness.taskQueue,
      workflowId,
      args: [{ dataset: 'transactions', hour, overrideWaitMs: 10 * 60_000 }],
    });

    await until('the gate is listed as awaiting an override', () => listed('awaiting-override', workflowId));
    const { overrideDeadline } = await handle.query(statusQuery);
    const { currentDetails } = await handle.query(workflowMetadataQuery);
    assert.equal(
      currentDetails,
      `transactions ${hour} failed checks amount_non_negative, amount_range; 2 files in quarantine; ` +
        `waiting for an override until ${overrideDeadline} (send "override" with {"by": "…", "reason": "…"})`,
    );

    await handle.signal(overrideSignal, { by: 'qa', reason: 'refunds booked as negative amounts' });
    assert.equal((await handle.result()).outcome, 'released');
    await until('the released gate is listed as released', () => listed('released', workflowId));
    assert.equal(await listed('awaiting-override', workflowId), false, 'no longer listed as awaiting an override');
  });

  it("lists a clean hour's gate as passed, never as awaiting an override", async () => {
    const hourMs = freshHour();
    await writeLakeHour(harness.lake, 'transactions', hourMs, purchaseRows(hourMs));
    const workflowId = uniqueName('data-quality-gate-state');
    const handle = await harness.client.workflow.start(dataQuality, {
      taskQueue: harness.taskQueue,
      workflowId,
      args: [{ dataset: 'transactions', hour: formatHour(hourMs) }],
    });
    assert.equal((await handle.result()).outcome, 'passed');
    await until('the gate is listed as passed', () => listed('passed', workflowId));
    assert.equal(await listed('awaiting-override', workflowId), false);
  });

  it('shows an ETL waiting in its sensor as waiting for the lake to close its hour until the deadline, on the sensor activity too', async () => {
    // This worker's lake is empty: no watermark, so the sensor waits until its deadline.
    const hour = formatHour(freshHour());
    const handle = await harness.client.workflow.start(hourlyEtl, {
      taskQueue: harness.taskQueue,
      workflowId: uniqueName('hourly-etl-details'),
      args: [{ hour, closeWaitMs: 10 * 60_000 }],
    });
    try {
      let details = '';
      await until('the run shows its sensor wait', async () => {
        details = (await handle.query(workflowMetadataQuery)).currentDetails ?? '';
        return details.startsWith('waiting for the lake');
      });
      const deadline = /; deadline (\S+)$/.exec(details)?.[1] ?? '';
      assert.equal(details, `waiting for the lake to close ${hour} (the sensor's heartbeat shows the watermark); deadline ${deadline}`);
      const { startTime } = await handle.describe();
      // The run's start as the workflow sees it lags the start request by a few milliseconds.
      const waitMs = Date.parse(deadline) - startTime.getTime();
      assert.ok(
        waitMs >= 10 * 60_000 && waitMs < 10 * 60_000 + 1000,
        `the deadline is the run's start plus its wait, not ${waitMs} ms after it`,
      );

      const summaries = ((await handle.fetchHistory()).events ?? []).flatMap((e) =>
        e.activityTaskScheduledEventAttributes && e.userMetadata?.summary
          ? [defaultPayloadConverter.fromPayload<string>(e.userMetadata.summary)]
          : [],
      );
      assert.deepEqual(summaries, ['check Kafka and the lake', `wait until the lake closes ${hour}, until ${deadline}`]);
    } finally {
      await handle.terminate('the test saw what it needed');
    }
  });
});
