import type { Severity } from '../events/schema';
import type { IncidentKind } from './escalation';

/** Where an incident is: every status but `resolved` waits for people. */
export type IncidentStatus = 'open' | 'acknowledged' | 'escalated' | 'resolved';

/** Who acknowledges an incident (signal `acknowledge`). */
export interface Acknowledgement {
  readonly by: string;
}
/** Who resolves an incident and how (signal `resolve`). */
export interface Resolution {
  readonly by: string;
  readonly note: string;
}
/** Who escalates an incident and why (signal `escalate`). */
export interface EscalationRequest {
  readonly by: string;
  readonly reason: string;
}

/** The input of a `fraudIncident` workflow. */
export interface FraudIncidentInput {
  /** The incident key, also the workflow id: `critical-burst:<windowEnd>`, `user:<user_id>:<date>`, … */
  readonly key: string;
  readonly kind: IncidentKind;
  readonly severity: Severity;
  readonly summary: string;
  /** How long nobody may acknowledge before the incident escalates itself; default FRAUD_ACK_TIMEOUT_MS. */
  readonly ackTimeoutMs?: number;
}

/** An incident as the `state` query shows it. */
export interface IncidentState {
  readonly key: string;
  readonly kind: IncidentKind;
  readonly severity: Severity;
  readonly summary: string;
  readonly status: IncidentStatus;
  readonly openedAt: string;
  readonly acknowledged?: Acknowledgement & { readonly at: string };
  readonly resolved?: Resolution & { readonly at: string };
  readonly escalations: ReadonlyArray<EscalationRequest & { readonly at: string }>;
  /** Webhook deliveries that failed after every retry (the topic and the log still carried the event). */
  readonly failedWebhooks: number;
}

/** What a notification announces. */
export type IncidentEvent = 'opened' | 'acknowledged' | 'escalated' | 'resolved';

/** Who the incident workflow names when it escalates by itself. */
export const SELF_ESCALATION_BY = 'streamify';

const SEVERITY_ORDER: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** One severity higher, CRITICAL staying CRITICAL: an escalation raises the stakes. */
export function raisedSeverity(severity: Severity): Severity {
  return SEVERITY_ORDER[Math.min(SEVERITY_ORDER.length - 1, SEVERITY_ORDER.indexOf(severity) + 1)] as Severity;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** A signal payload with the named text fields all present and non-empty, or undefined (signals carry untyped JSON). */
export function parseSignal<K extends string>(value: unknown, fields: readonly K[]): Record<K, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  return fields.every((f) => nonEmpty(record[f]))
    ? (Object.fromEntries(fields.map((f) => [f, (record[f] as string).trim()])) as Record<K, string>)
    : undefined;
}

/** A person's action on an incident, by its signal and update name. */
export type IncidentAction = 'acknowledge' | 'resolve' | 'escalate';

/** The ApplicationFailure type an update returns for an action the incident cannot take (bad input or status). */
export const INVALID_INCIDENT_ACTION = 'InvalidIncidentAction';

const ACTION_FIELDS = { acknowledge: ['by'], resolve: ['by', 'note'], escalate: ['by', 'reason'] } as const;

/** The action's input, trimmed; a RangeError in words a person can act on when it is not an object of non-empty texts. */
function actionInput<K extends string>(action: IncidentAction, value: unknown, fields: readonly K[]): Record<K, string> {
  const shape = `{${fields.map((f) => `"${f}": "…"`).join(', ')}}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(
      `${action} takes ${shape}, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`,
    );
  }
  const parsed = parseSignal(value, fields);
  if (parsed !== undefined) return parsed;
  const missing = fields.filter((f) => parseSignal(value, [f]) === undefined).map((f) => `"${f}"`);
  throw new RangeError(`${action} needs a non-empty ${missing.join(' and ')} (${shape})`);
}

const resolvedProblem = (action: IncidentAction, state: IncidentState): string =>
  `incident ${state.key} is resolved${state.resolved ? ` (by ${state.resolved.by} at ${state.resolved.at})` : ''}: it cannot ${action === 'acknowledge' ? 'be acknowledged' : action === 'resolve' ? 'be resolved again' : 'escalate'}`;

/** The acknowledgement a payload carries; a RangeError says why the incident cannot take it (bad input, acknowledged, resolved). */
export function checkAcknowledgement(value: unknown, state: IncidentState): Acknowledgement {
  const ack = actionInput('acknowledge', value, ACTION_FIELDS.acknowledge);
  if (state.status === 'resolved') throw new RangeError(resolvedProblem('acknowledge', state));
  if (state.acknowledged !== undefined) {
    throw new RangeError(`incident ${state.key} is already acknowledged (by ${state.acknowledged.by} at ${state.acknowledged.at})`);
  }
  return ack;
}

/** The resolution a payload carries; a RangeError says why the incident cannot take it (bad input, resolved already). */
export function checkResolution(value: unknown, state: IncidentState): Resolution {
  const resolution = actionInput('resolve', value, ACTION_FIELDS.resolve);
  if (state.status === 'resolved') throw new RangeError(resolvedProblem('resolve', state));
  return resolution;
}

/** The escalation request a payload carries; a RangeError says why the incident cannot take it (bad input, resolved). */
export function checkEscalation(value: unknown, state: IncidentState): EscalationRequest {
  const request = actionInput('escalate', value, ACTION_FIELDS.escalate);
  if (state.status === 'resolved') throw new RangeError(resolvedProblem('escalate', state));
  return request;
}
