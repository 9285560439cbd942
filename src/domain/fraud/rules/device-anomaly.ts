import { z } from 'zod';
import type { Transaction } from '../../events/schema';
import type { RuleHit } from './verdict';
import type { UserHistory } from './user-history';

/** Settings of device_anomaly. */
export const deviceAnomalySettings = z
  .object({
    enabled: z.boolean(),
    /** Trusted purchases (no rule flagged them) the user needs before a new device counts. */
    minHistory: z.number().int().min(1).max(1000),
    /** The least confidence (0–1) that fires: 0.9 new type and OS, 0.7 one of them new, 0.5 neither. */
    minConfidence: z.number().min(0).max(1),
  })
  .strict();
export type DeviceAnomalySettings = z.infer<typeof deviceAnomalySettings>;

/** The default: after 5 trusted purchases, a device of a new type or OS. */
export const DEFAULT_DEVICE_ANOMALY: DeviceAnomalySettings = { enabled: true, minHistory: 5, minConfidence: 0.7 };

/**
 * device_anomaly: a device never seen for a user with enough trusted history (a burst of fraud is no history), whose
 * `type|os` matches no known device. Score 0.45 at confidence 0.7, 0.60 at 0.9. A purchase without a device is not
 * judged.
 */
export function deviceAnomaly(r: DeviceAnomalySettings, s: UserHistory, tx: Transaction): RuleHit | undefined {
  const d = tx.device;
  if (!r.enabled || !d || s.trusted < r.minHistory || s.knowsDevice(d.device_id)) return undefined;
  if (s.knowsShape(d.type, d.os)) return undefined;
  const newType = !s.knowsType(d.type);
  const newOs = !s.knowsOs(d.os);
  const confidence = newType && newOs ? 0.9 : newType || newOs ? 0.7 : 0.5;
  if (confidence < r.minConfidence) return undefined;
  return {
    rule: 'device_anomaly',
    score: 0.45 + 0.75 * (confidence - 0.7),
    reason: `new ${d.type} device on ${d.os} after ${s.trusted} purchases on ${s.deviceCount} known device(s) (confidence ${confidence})`,
  };
}
