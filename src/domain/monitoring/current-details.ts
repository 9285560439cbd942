import type { IncidentState } from './incident';

/**
 * What an incident waits for, as its current details in the Web UI: an acknowledgement until its deadline (then it
 * escalates itself), else someone to resolve it; with the signal that answers it.
 */
export function incidentDetails(state: IncidentState, ackDeadline?: string): string {
  const head = `${state.status} ${state.severity} ${state.kind} incident since ${state.openedAt}`;
  if (state.status === 'resolved') return `${head}: resolved by ${state.resolved?.by ?? '?'}`;
  if (ackDeadline !== undefined) {
    return `${head}: waiting for an acknowledgement until ${ackDeadline}, then it escalates itself (send "acknowledge" with {"by": "…"})`;
  }
  return `${head}: waiting to be resolved (send "resolve" with {"by": "…", "note": "…"})`;
}
