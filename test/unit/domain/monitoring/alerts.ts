import type { Alert, RuleName, Severity } from '../../../../src/domain/events/schema';

let seq = 0;

/** An alert detected at `detectedMs`, `latencyMs` after its event; MEDIUM on high_amount unless told otherwise. */
export function alertAt(
  detectedMs: number,
  overrides: Partial<Omit<Alert, 'rules'>> & { rules?: RuleName[]; severity?: Severity; latencyMs?: number } = {},
): Alert {
  const { latencyMs = 100, ...rest } = overrides;
  seq += 1;
  return {
    alert_id: `a-${seq}`,
    transaction_id: `t-${seq}`,
    user_id: `u-${seq}`,
    rules: ['high_amount'],
    score: 0.5,
    severity: 'MEDIUM',
    reasons: [],
    event_time: new Date(detectedMs - latencyMs).toISOString(),
    detected_at: new Date(detectedMs).toISOString(),
    rules_version: 1,
    ...rest,
  };
}
