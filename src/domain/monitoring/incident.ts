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
