import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { humanAction } from './human-action';
import type { IncidentNotification } from '../activities/fraud-incidents';
import {
  INVALID_INCIDENT_ACTION,
  SELF_ESCALATION_BY,
  checkAcknowledgement,
  checkEscalation,
  checkResolution,
  raisedSeverity,
  type Acknowledgement,
  type EscalationRequest,
  type FraudIncidentInput,
  type IncidentAction,
  type IncidentEvent,
  type IncidentState,
  type Resolution,
} from '../domain/monitoring/incident';
import { incidentDetails } from '../domain/monitoring/current-details';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../domain/monitoring/search-attributes';

/** The FRAUD_ACK_TIMEOUT_MS default, for incidents started without a timeout (from the CLI or the Web UI). */
const DEFAULT_ACK_TIMEOUT_MS = 30 * 60_000;

const { publishIncidentEvent, incidentSearchAttributesReady } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // No attempt limit, on purpose: a failed activity would fail the incident, and an incident must not be lost. Both
  // wait on a service the incident cannot do without (the incidents topic; the Temporal frontend the worker itself
  // polls), so they fail only while it is away, once a minute at most; the Web UI shows the pending activity, its
  // attempt count and last failure meanwhile.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// A receiver that is down gets about six minutes of retries (ten attempts); the topic and the log carry the event anyway.
const { postIncidentWebhook } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
});

/** Someone has seen the incident: self-escalation stops. Input `{"by": "…"}`. */
export const acknowledgeSignal = defineSignal<[Acknowledgement]>('acknowledge');
/** The incident is over; the note says how. Input `{"by": "…", "note": "…"}`. */
export const resolveSignal = defineSignal<[Resolution]>('resolve');
/** Raises the severity and notifies again. Input `{"by": "…", "reason": "…"}`. */
export const escalateSignal = defineSignal<[EscalationRequest]>('escalate');
/** `acknowledge` as an update: the incident as acknowledged, or an error that says why it was not (input, status). */
export const acknowledgeUpdate = defineUpdate<IncidentState, [Acknowledgement]>('acknowledge');
/** `resolve` as an update: the incident as resolved, or an error that says why it was not. */
export const resolveUpdate = defineUpdate<IncidentState, [Resolution]>('resolve');
/** `escalate` as an update: the incident as escalated, or an error that says why it was not. */
export const escalateUpdate = defineUpdate<IncidentState, [EscalationRequest]>('escalate');
/** The incident as it is. */
export const stateQuery = defineQuery<IncidentState>('state');

const severityKey = defineSearchAttributeKey(INCIDENT_SEARCH_ATTRIBUTES.severity, SearchAttributeType.KEYWORD);
const statusKey = defineSearchAttributeKey(INCIDENT_SEARCH_ATTRIBUTES.status, SearchAttributeType.KEYWORD);

/**
 * One fraud incident, its workflow id the incident key. It notifies (the incidents topic and the log, and the
 * webhook when one is configured), then waits for people: `acknowledge`, `resolve` with a note, `escalate`. Unless
 * acknowledged within the timeout it escalates itself once and notifies again. It ends when resolved.
 */
export async function fraudIncident(input: FraudIncidentInput): Promise<IncidentState> {
  let state: IncidentState = {
    key: input.key,
    kind: input.kind,
    severity: input.severity,
    summary: input.summary,
    status: 'open',
    openedAt: new Date().toISOString(),
    escalations: [],
    failedWebhooks: 0,
  };
  // Notifications go out one at a time, in the order things happened; opening comes before any signal.
  const pending: IncidentEvent[] = ['opened'];
  let searchAttributes = false;

  const show = (): void => {
    // The memo always works; search attributes only once registered (an unregistered one fails the workflow task).
    upsertMemo({ severity: state.severity, status: state.status });
    if (searchAttributes) {
      upsertSearchAttributes([
        { key: severityKey, value: state.severity },
        { key: statusKey, value: state.status },
      ]);
    }
  };
  const change = (next: IncidentState, event: IncidentEvent): void => {
    state = next;
    pending.push(event);
    show();
  };
  const escalate = (request: EscalationRequest): void => {
    const at = new Date().toISOString();
    change(
      { ...state, status: 'escalated', severity: raisedSeverity(state.severity), escalations: [...state.escalations, { ...request, at }] },
      'escalated',
    );
  };

  // Each action is a signal and an update of the same name, decided by one check (humanAction).
  const act = <T>(action: IncidentAction, check: (value: unknown, state: IncidentState) => T, apply: (input: T) => void) =>
    humanAction({
      name: action,
      refusedType: INVALID_INCIDENT_ACTION,
      check: (value) => check(value, state),
      apply: (input: T): IncidentState => {
        apply(input);
        return state;
      },
      where: () => ({ status: state.status }),
    });
  const acknowledge = act('acknowledge', checkAcknowledgement, (ack) =>
    change({ ...state, status: 'acknowledged', acknowledged: { ...ack, at: new Date().toISOString() } }, 'acknowledged'),
  );
  const resolve = act('resolve', checkResolution, (resolution) =>
    change({ ...state, status: 'resolved', resolved: { ...resolution, at: new Date().toISOString() } }, 'resolved'),
  );
  const escalateOnRequest = act('escalate', checkEscalation, escalate);

  setHandler(stateQuery, () => state);
  setHandler(acknowledgeSignal, acknowledge.signal);
  setHandler(acknowledgeUpdate, acknowledge.update, { validator: acknowledge.validator });
  setHandler(resolveSignal, resolve.signal);
  setHandler(resolveUpdate, resolve.update, { validator: resolve.validator });
  setHandler(escalateSignal, escalateOnRequest.signal);
  setHandler(escalateUpdate, escalateOnRequest.update, { validator: escalateOnRequest.validator });

  const notify = async (event: IncidentEvent): Promise<void> => {
    const notification: IncidentNotification = { event, at: new Date().toISOString(), incident: state };
    await publishIncidentEvent(notification);
    try {
      await postIncidentWebhook(notification);
    } catch (err) {
      log.error('webhook failed after its retries', { event, error: (err as Error).message });
      state = { ...state, failedWebhooks: state.failedWebhooks + 1 };
    }
  };
  const flush = async (): Promise<void> => {
    for (let event = pending.shift(); event !== undefined; event = pending.shift()) await notify(event);
  };

  searchAttributes = await incidentSearchAttributesReady();
  show();

  const ackTimeoutMs = input.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const ackDeadlineMs = Date.now() + ackTimeoutMs;
  let selfEscalated = false;
  for (;;) {
    await flush();
    const waitingForAck = state.acknowledged === undefined && !selfEscalated;
    // Not a command: the Web UI reads it with the workflow's metadata, so changing it needs no patch.
    setCurrentDetails(incidentDetails(state, waitingForAck ? new Date(ackDeadlineMs).toISOString() : undefined));
    if (state.status === 'resolved') return state;
    if (waitingForAck && Date.now() >= ackDeadlineMs) {
      selfEscalated = true;
      escalate({ by: SELF_ESCALATION_BY, reason: `not acknowledged within ${Math.round(ackTimeoutMs / 1000)} s` });
    } else if (waitingForAck) {
      await condition(() => pending.length > 0, ackDeadlineMs - Date.now());
    } else {
      await condition(() => pending.length > 0);
    }
  }
}
