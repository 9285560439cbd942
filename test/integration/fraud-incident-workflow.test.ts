import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { createKafka } from '../../src/adapters/kafka/client';
import { connectTemporal } from '../../src/adapters/temporal/connection';
import { ensureSearchAttributes } from '../../src/adapters/temporal/search-attributes';
import type { IncidentNotification } from '../../src/activities/fraud-incidents';
import type { FraudIncidentInput, IncidentState } from '../../src/domain/monitoring/incident';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../../src/domain/monitoring/search-attributes';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { acknowledgeSignal, escalateSignal, fraudIncident, resolveSignal, stateQuery } from '../../src/workflows/fraud-incident';
import { testConfig, uniqueName } from '../support/config';
import { keepHistory } from '../support/histories';
import { freshTopics, readAll } from '../support/kafka';
import { startTestWebhook, type TestWebhook } from '../support/webhook';
import { startTestWorker, type TestWorker } from '../support/worker';

/** Polls the incident's state until the predicate holds. */
async function awaitState(handle: WorkflowHandle, predicate: (s: IncidentState) => boolean, what: string): Promise<IncidentState> {
  for (let i = 0; i < 150; i++) {
    const state = await handle.query(stateQuery).catch(() => undefined);
    if (state !== undefined && predicate(state)) return state;
    await sleep(200);
  }
  assert.fail(`the incident never became ${what}`);
}

describe('fraudIncident workflow on the dev server', () => {
  const kafka = createKafka(testConfig());
  let incidentsTopic: string;
  let webhook: TestWebhook;
  let harness: TestWorker;

  before(async () => {
    [incidentsTopic] = (await freshTopics(kafka, ['fraud-incidents'], 1)) as [string];
    // The first POST fails: the webhook activity's retry delivers it.
    webhook = await startTestWebhook(1);
    const connection = await connectTemporal(testConfig());
    try {
      await ensureSearchAttributes(connection, testConfig().temporalNamespace, CUSTOM_SEARCH_ATTRIBUTES);
    } finally {
      await connection.close();
    }
    harness = await startTestWorker({ KAFKA_TOPIC_INCIDENTS: incidentsTopic, FRAUD_WEBHOOK_URL: webhook.url });
  });

  after(async () => {
    await harness.stop();
    await webhook.close();
  });

  const open = (overrides: Partial<FraudIncidentInput> = {}): Promise<WorkflowHandle<typeof fraudIncident>> => {
    const key = uniqueName('critical-burst:test');
    return harness.client.workflow.start(fraudIncident, {
      taskQueue: harness.taskQueue,
      workflowId: key,
      args: [{ key, kind: 'critical-burst', severity: 'HIGH', summary: '12 CRITICAL alerts', ackTimeoutMs: 60_000, ...overrides }],
    });
  };

  it('is acknowledged by signal, resolves with a note, and notifies the topic and the webhook of each step', async () => {
    const handle = await open();
    await awaitState(handle, (s) => s.status === 'open', 'open');
    await handle.signal(acknowledgeSignal, { by: 'alice' });
    await awaitState(handle, (s) => s.status === 'acknowledged', 'acknowledged');
    await handle.signal(resolveSignal, { by: 'alice', note: 'card testing from one BIN, blocked' });
    const final = await handle.result();

    assert.equal(final.status, 'resolved');
    assert.deepEqual(
      [final.acknowledged?.by, final.resolved?.note, final.escalations.length],
      ['alice', 'card testing from one BIN, blocked', 0],
    );
    const events = (await readAll(kafka, [incidentsTopic], 3))
      .map(({ message }) => JSON.parse(message.value?.toString('utf8') ?? '{}') as IncidentNotification)
      .filter((n) => n.incident.key === handle.workflowId)
      .map((n) => n.event);
    assert.deepEqual(events, ['opened', 'acknowledged', 'resolved']);
    const posted = (webhook.received as IncidentNotification[]).filter((n) => n.incident.key === handle.workflowId).map((n) => n.event);
    assert.deepEqual(posted, ['opened', 'acknowledged', 'resolved']);
    assert.equal(webhook.failed, 1, 'the failed first POST was retried');
    const description = await handle.describe();
    assert.deepEqual(description.searchAttributes[INCIDENT_SEARCH_ATTRIBUTES.status], ['resolved']);
    assert.deepEqual(description.searchAttributes[INCIDENT_SEARCH_ATTRIBUTES.severity], ['HIGH']);
    await keepHistory(handle, 'fraudIncident-acknowledged-resolved');
  });

  it('escalates itself, raising the severity, when nobody acknowledges in time', async () => {
    const handle = await open({ ackTimeoutMs: 1500 });
    const escalated = await awaitState(handle, (s) => s.status === 'escalated', 'escalated');
    assert.equal(escalated.severity, 'CRITICAL');
    assert.deepEqual(
      escalated.escalations.map((e) => e.by),
      ['streamify'],
    );
    // Acknowledging after the escalation is still recorded; it escalates no further.
    await handle.signal(acknowledgeSignal, { by: 'bob' });
    await handle.signal(resolveSignal, { by: 'bob', note: 'false positive' });
    const final = await handle.result();
    assert.deepEqual([final.status, final.acknowledged?.by, final.escalations.length], ['resolved', 'bob', 1]);
    await keepHistory(handle, 'fraudIncident-self-escalated');
  });

  it('does not escalate itself once acknowledged, and escalates on request', async () => {
    const handle = await open({ ackTimeoutMs: 1500 });
    await handle.signal(acknowledgeSignal, { by: 'carol' });
    await sleep(2500);
    assert.equal((await handle.query(stateQuery)).escalations.length, 0);
    await handle.signal(escalateSignal, { by: 'carol', reason: 'bigger than it looked' });
    const escalated = await awaitState(handle, (s) => s.escalations.length === 1, 'escalated');
    assert.deepEqual([escalated.status, escalated.escalations[0]?.reason], ['escalated', 'bigger than it looked']);
    await handle.signal(resolveSignal, { by: 'carol', note: 'done' });
    assert.equal((await handle.result()).status, 'resolved');
    await keepHistory(handle, 'fraudIncident-escalated-on-request');
  });

  it('ignores a resolve without a note', async () => {
    const handle = await open();
    await handle.signal(resolveSignal, { by: 'dave' } as never);
    await sleep(500);
    assert.equal((await handle.query(stateQuery)).status, 'open');
    await handle.signal(resolveSignal, { by: 'dave', note: 'ok' });
    assert.equal((await handle.result()).status, 'resolved');
  });
});
