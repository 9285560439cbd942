import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import { ActivityFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowMetadataQuery } from '@temporalio/workflow';
import type { Activities } from '../../src/activities';
import type { LakeHourWait } from '../../src/activities/etl-sensor';
import type { IncidentNotification } from '../../src/activities/fraud-incidents';
import { DEFAULT_CLOSE_WAIT_MS, ETL_FAILURES } from '../../src/domain/etl/contract';
import { SELF_ESCALATION_BY } from '../../src/domain/monitoring/incident';
import { DEFAULT_OVERRIDE_WAIT_MS, GATE_FAILED, type HourCheck } from '../../src/domain/quality/gate';
import { dataQuality, overrideSignal, statusQuery } from '../../src/workflows/data-quality';
import { acknowledgeSignal, fraudIncident, resolveSignal, stateQuery } from '../../src/workflows/fraud-incident';
import { hourlyEtl } from '../../src/workflows/hourly-etl';
import { uniqueName } from '../support/config';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { until } from '../support/until';

const MINUTE_MS = 60_000;
/** The incident's acknowledgement deadline when started without one (FRAUD_ACK_TIMEOUT_MS's default). */
const DEFAULT_ACK_TIMEOUT_MS = 30 * MINUTE_MS;

/** The checks of an hour whose amounts are negative: two error-level failures, so the gate quarantines it. */
const FAILED_CHECK: HourCheck = {
  files: 2,
  quarantinedFiles: 0,
  rows: 100,
  summary: { passed: 10, warned: 0, failed: 2, gatePassed: false },
  failedChecks: ['amount_non_negative', 'amount_range'],
  warnedChecks: [],
};

/**
 * Asserts a span of the test server's time is the configured one, give or take a minute: the real moments the
 * worker takes between commands (an activity, a workflow task) also pass on its clock.
 */
function assertSpan(actualMs: number, configuredMs: number, what: string): void {
  assert.ok(actualMs >= configuredMs && actualMs < configuredMs + MINUTE_MS, `${what}: ${actualMs} ms, configured ${configuredMs} ms`);
}

/** The time (ms) of the first and last events of a closed run's history: when it started and when it ended. */
async function startAndEndMs(handle: WorkflowHandle): Promise<[number, number]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const ms = (i: number): number => {
    const t = events[i]?.eventTime;
    return Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
  };
  return [ms(0), ms(events.length - 1)];
}

/** The cause a failed run failed with (through its activity failure, when an activity failed it). */
async function failureOf(handle: WorkflowHandle): Promise<ApplicationFailure> {
  const err = await handle.result().then(
    () => assert.fail('the run should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, String(err));
  const cause = err.cause instanceof ActivityFailure ? err.cause.cause : err.cause;
  assert.ok(cause instanceof ApplicationFailure, String(cause));
  return cause;
}

describe('long timers at their configured defaults, on a time-skipping test server', () => {
  const taskQueue = uniqueName('time-skipping');
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const published: IncidentNotification[] = [];
  const released: string[] = [];
  const sensorWaits: LakeHourWait[] = [];
  const later: string[] = [];

  /** Fakes of the activities the three waits meet; they answer at once, so only the workflows' own timers take time. */
  const fakes = (test: TestWorkflowEnvironment): Partial<Activities> => ({
    async qualitySearchAttributesReady() {
      return false;
    },
    async checkLakeHour() {
      return FAILED_CHECK;
    },
    async quarantineLakeHour() {
      return FAILED_CHECK.files;
    },
    async releaseLakeHour({ hour }) {
      released.push(hour);
      return FAILED_CHECK.files;
    },
    async recordQualityOverride() {},
    async incidentSearchAttributesReady() {
      return false;
    },
    async publishIncidentEvent(notification) {
      published.push(notification);
    },
    async postIncidentWebhook() {
      return false;
    },
    async etlSearchAttributesReady() {
      return false;
    },
    async checkEtlHealth() {
      return [];
    },
    /**
     * The sensor over a lake whose hour never closes, its clock the test server's: past the deadline the workflow gave
     * it, it fails for good with LakeHourNotClosed as the real one does; before, each attempt fails as a read that
     * found the hour open, and the activity's retry policy (server timers, skipped) brings the next read.
     */
    async waitForLakeHour(wait) {
      sensorWaits.push(wait);
      if ((await test.currentTimeMs()) >= Date.parse(wait.deadline)) {
        throw ApplicationFailure.nonRetryable(`the lake did not close ${wait.hour} by ${wait.deadline}`, ETL_FAILURES.hourNotClosed);
      }
      // Benign: the worker logs each of these ~120 reads at debug, not warn.
      throw ApplicationFailure.create({
        message: `no watermark past ${wait.hour} yet`,
        type: 'LakeHourOpen',
        category: ApplicationFailureCategory.BENIGN,
      });
    },
    async transformHour() {
      later.push('transformHour');
      throw ApplicationFailure.nonRetryable('the sensor should have stopped the run');
    },
  });

  before(async function () {
    // The first run resolves the test server's jars with Maven.
    this.timeout(10 * MINUTE_MS);
    env = await createTimeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: require.resolve('../../src/workflows'),
      activities: fakes(env),
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const client = () => (env as TestWorkflowEnvironment).client;

  it('keeps a quarantined hour waiting 24 h for an override, then fails the gate', async () => {
    const handle = await client().workflow.start(dataQuality, {
      taskQueue,
      workflowId: uniqueName('dq-24h'),
      args: [{ dataset: 'transactions', hour: '2026-12-01T10' }],
    });
    const failure = await failureOf(handle);
    assert.equal(failure.type, GATE_FAILED);
    assert.match(failure.message, /amount_non_negative, amount_range; 2 files stay in quarantine/);

    const [startMs, endMs] = await startAndEndMs(handle);
    assertSpan(endMs - startMs, DEFAULT_OVERRIDE_WAIT_MS, 'the gate failed after');
    const status = await handle.query(statusQuery);
    assert.equal(status.phase, 'failed');
    assertSpan(Date.parse(status.overrideDeadline ?? '') - startMs, DEFAULT_OVERRIDE_WAIT_MS, 'the override deadline');
    const timers = (await handle.fetchHistory()).events?.flatMap((e) => e.timerStartedEventAttributes ?? []) ?? [];
    assert.deepEqual(
      timers.map((t) => Number(t.startToFireTimeout?.seconds ?? 0) * 1000),
      [DEFAULT_OVERRIDE_WAIT_MS],
      'one timer, of the default wait',
    );
  });

  it('releases a quarantined hour on an override 23 h 59 min into the wait', async () => {
    const hour = '2026-12-01T11';
    const handle = await client().workflow.start(dataQuality, {
      taskQueue,
      workflowId: uniqueName('dq-override'),
      args: [{ dataset: 'transactions', hour }],
    });
    await until('the gate awaits an override', async () => (await handle.query(statusQuery)).phase === 'awaiting-override');
    const { overrideDeadline } = await handle.query(statusQuery);
    assert.match(
      (await handle.query(workflowMetadataQuery)).currentDetails ?? '',
      new RegExp(`waiting for an override until ${overrideDeadline}`),
    );
    await (env as TestWorkflowEnvironment).sleep(DEFAULT_OVERRIDE_WAIT_MS - MINUTE_MS);
    await handle.signal(overrideSignal, { by: 'data-team', reason: 'refunds booked as negative amounts' });
    const result = await handle.result();

    assert.deepEqual([result.outcome, result.override?.by, released.includes(hour)], ['released', 'data-team', true]);
    const [startMs, endMs] = await startAndEndMs(handle);
    assert.equal(endMs - startMs < DEFAULT_OVERRIDE_WAIT_MS, true, `ended ${endMs - startMs} ms after its start`);
  });

  it('escalates an incident nobody acknowledges, once, 30 minutes after it opened', async () => {
    const key = uniqueName('incident-unacknowledged');
    const handle = await client().workflow.start(fraudIncident, {
      taskQueue,
      workflowId: key,
      args: [{ key, kind: 'critical-burst', severity: 'HIGH', summary: 'a burst of critical alerts' }],
    });
    await (env as TestWorkflowEnvironment).sleep(DEFAULT_ACK_TIMEOUT_MS - MINUTE_MS);
    const open = await handle.query(stateQuery);
    assert.deepEqual(open.escalations, [], 'no escalation at 29 minutes');
    const details = (await handle.query(workflowMetadataQuery)).currentDetails ?? '';
    const until30 = /waiting for an acknowledgement until (\S+), then it escalates itself/.exec(details)?.[1];
    assertSpan(Date.parse(until30 ?? '') - Date.parse(open.openedAt), DEFAULT_ACK_TIMEOUT_MS, `the deadline in "${details}"`);

    await (env as TestWorkflowEnvironment).sleep(2 * MINUTE_MS);
    await until('the incident escalated itself', async () => (await handle.query(stateQuery)).status === 'escalated');
    await (env as TestWorkflowEnvironment).sleep(3 * DEFAULT_ACK_TIMEOUT_MS);
    const state = await handle.query(stateQuery);
    assert.equal(state.severity, 'CRITICAL');
    assert.deepEqual(
      state.escalations.map((e) => [e.by, e.reason]),
      [[SELF_ESCALATION_BY, 'not acknowledged within 1800 s']],
      'one escalation',
    );
    assertSpan(Date.parse(state.escalations[0]?.at ?? '') - Date.parse(state.openedAt), DEFAULT_ACK_TIMEOUT_MS, 'escalated after');
    assert.deepEqual(
      published.filter((n) => n.incident.key === key).map((n) => n.event),
      ['opened', 'escalated'],
    );
    await handle.signal(resolveSignal, { by: 'analyst', note: 'card blocked' });
    assert.equal((await handle.result()).status, 'resolved');
  });

  it('never escalates an incident acknowledged at 29 minutes', async () => {
    const key = uniqueName('incident-acknowledged');
    const handle = await client().workflow.start(fraudIncident, {
      taskQueue,
      workflowId: key,
      args: [{ key, kind: 'critical-burst', severity: 'HIGH', summary: 'a burst of critical alerts' }],
    });
    await (env as TestWorkflowEnvironment).sleep(DEFAULT_ACK_TIMEOUT_MS - MINUTE_MS);
    await handle.signal(acknowledgeSignal, { by: 'analyst' });
    await until('the incident is acknowledged', async () => (await handle.query(stateQuery)).status === 'acknowledged');
    await (env as TestWorkflowEnvironment).sleep(3 * DEFAULT_ACK_TIMEOUT_MS);

    const state = await handle.query(stateQuery);
    assert.deepEqual([state.status, state.severity, state.escalations], ['acknowledged', 'HIGH', []]);
    await handle.signal(resolveSignal, { by: 'analyst', note: 'false positive' });
    assert.equal((await handle.result()).status, 'resolved');
  });

  it('fails an ETL whose hour the lake never closes with LakeHourNotClosed at the 2 h default deadline', async () => {
    const hour = '2026-12-02T02';
    const handle = await client().workflow.start(hourlyEtl, { taskQueue, workflowId: uniqueName('etl-sensor'), args: [{ hour }] });
    const failure = await failureOf(handle);
    assert.equal(failure.type, ETL_FAILURES.hourNotClosed);

    const [startMs, endMs] = await startAndEndMs(handle);
    const deadlines = new Set(sensorWaits.filter((w) => w.hour === hour).map((w) => w.deadline));
    assert.equal(deadlines.size, 1, 'every sensor attempt got the one deadline');
    assertSpan(Date.parse([...deadlines][0] ?? '') - startMs, DEFAULT_CLOSE_WAIT_MS, 'the sensor deadline');
    assertSpan(endMs - startMs, DEFAULT_CLOSE_WAIT_MS, 'the run failed after');
    assert.deepEqual(later, [], 'nothing ran after the sensor');
  });
});
