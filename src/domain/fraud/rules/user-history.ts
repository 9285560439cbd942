/** The most amounts the behaviour history holds: the latest trusted purchases'. */
export const AMOUNT_HISTORY = 32;

/**
 * What the rules may read of one user's past: the small state interface behind which the engine keeps its fast
 * layout (UserState). Every rule is a pure function of this view, the purchase and its settings.
 */
export interface UserHistory {
  /** Purchases learnt into the profile: those no rule flagged. */
  readonly trusted: number;
  /** Devices the user is known to use (at most 32, the latest learnt). */
  readonly deviceCount: number;
  /** How many ln(amount) the behaviour history holds (at most AMOUNT_HISTORY, the latest trusted purchases'). */
  readonly amountHistory: number;

  /** Purchases in [t - windowMs, t] (ms, event time) of the window. */
  countInWindow(t: number, windowMs: number): number;
  /** Sum of the amounts (USD) in [t - windowMs, t], added newest first. */
  sumInWindow(t: number, windowMs: number): number;

  /** Index of the latest located purchase at or before t (event time; among equal times the last to arrive), or -1. */
  latestPlaceAtOrBefore(t: number): number;
  /** Event time (ms) of the located purchase at an index. */
  placeTimeMs(p: number): number;
  /** Latitude (degrees) of the located purchase at an index. */
  placeLat(p: number): number;
  /** Longitude (degrees) of the located purchase at an index. */
  placeLon(p: number): number;

  /** Whether a known device has this id. */
  knowsDevice(deviceId: string): boolean;
  /** Whether a known device has this `type|os` (compared as that text). */
  knowsShape(type: string, os: string): boolean;
  /** Whether the user is known to use a device of this type, forgotten devices included. */
  knowsType(type: string): boolean;
  /** Whether the user is known to use a device on this OS, forgotten devices included. */
  knowsOs(os: string): boolean;

  /** The smallest ln(amount) of the behaviour history (Infinity when empty). */
  minLogAmount(): number;
  /** Copies the behaviour history's ln(amount), in no particular order, into `into` from index 0. */
  copyLogAmounts(into: Float64Array): void;
}
