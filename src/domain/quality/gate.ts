// The contract of the data-quality gate (the `dataQuality` workflow): its input, status, result and failure,
// shared by the workflow, its activities and its callers. Pure and free of zod, so the workflow bundle stays small.
import { DATASETS, type DatasetName } from '../lake/datasets';
import { parseHour } from '../hour';
import type { SuiteSummary } from './evaluate';

/** The ApplicationFailure type of a failed gate: error-level checks failed and no operator released the hour. */
export const GATE_FAILED = 'DataQualityGateFailed';
/** The ApplicationFailure type of a gate asked to judge something that is not an hour of a dataset. */
export const INVALID_GATE_INPUT = 'InvalidDataQualityInput';
/** How long a quarantined hour waits for an operator's override before its gate fails, unless the input says otherwise. */
export const DEFAULT_OVERRIDE_WAIT_MS = 24 * 3_600_000;

/** Whether a name is one of the lake's datasets. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DATASETS, name);
}

/** The id of the gate of one dataset's hour: one gate per hour, so a second start finds the first. */
export function dataQualityWorkflowId(dataset: DatasetName, hour: string): string {
  return `data-quality-${dataset}-${hour}`;
}

/** What the gate judges, and how long it waits for an operator when the hour fails. */
export interface DataQualityInput {
  readonly dataset: DatasetName;
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** false fails a failed hour at once, leaving it in quarantine; default true. */
  readonly waitForOverride?: boolean;
  /** How long a quarantined hour waits for an override; default DEFAULT_OVERRIDE_WAIT_MS. */
  readonly overrideWaitMs?: number;
}

/** Validates a gate's input where it enters; a RangeError names what is wrong. */
export function checkGateInput(input: DataQualityInput): void {
  if (typeof input?.dataset !== 'string' || !isDatasetName(input.dataset)) {
    throw new RangeError(`dataset "${String(input?.dataset)}" is not one of ${Object.keys(DATASETS).join(', ')}`);
  }
  parseHour(input.hour);
  const waitMs = input.overrideWaitMs;
  if (waitMs !== undefined && !(Number.isInteger(waitMs) && waitMs > 0)) {
    throw new RangeError(`overrideWaitMs must be a positive whole number of milliseconds, got ${String(waitMs)}`);
  }
}

/** An operator's decision to release a quarantined hour despite its failed checks. */
export interface Override {
  readonly reason: string;
  /** Who decided: a person or a team, recorded with the reason. */
  readonly by: string;
}

/** An override as the gate accepted it, with the (workflow) time it arrived. */
export interface AcceptedOverride extends Override {
  readonly at: string;
}

/** The override a signal carries, trimmed, or undefined when it has no reason or no author. */
export function parseQualityOverride(value: unknown): Override | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { reason, by } = value as Record<string, unknown>;
  if (typeof reason !== 'string' || typeof by !== 'string' || reason.trim() === '' || by.trim() === '') return undefined;
  return { reason: reason.trim(), by: by.trim() };
}

/** The ApplicationFailure type an `override` update returns for an override the gate cannot take (bad input or phase). */
export const INVALID_OVERRIDE = 'InvalidDataQualityOverride';

/**
 * The override a payload carries, trimmed; a RangeError in words an operator can act on when it is not an object with
 * a non-empty reason and author, the gate is not waiting for an override, or one was already accepted.
 */
export function checkOverride(value: unknown, status: DataQualityStatus): Override {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new RangeError(`override takes {"reason": "…", "by": "…"}, got ${got}`);
  }
  const parsed = parseQualityOverride(value);
  if (parsed === undefined) {
    const record = value as Record<string, unknown>;
    const missing = (['reason', 'by'] as const).filter((f) => typeof record[f] !== 'string' || (record[f] as string).trim() === '');
    throw new RangeError(`override needs a non-empty ${missing.map((f) => `"${f}"`).join(' and ')} ({"reason": "…", "by": "…"})`);
  }
  const gate = `the gate of ${status.dataset} ${status.hour}`;
  if (status.override !== undefined) {
    throw new RangeError(`${gate} was already released by ${status.override.by} at ${status.override.at}: ${status.override.reason}`);
  }
  // An override answers failed checks someone has seen: one sent before the hour failed approves nothing.
  if (status.phase !== 'awaiting-override') throw new RangeError(`${gate} is ${status.phase}, not waiting for an override`);
  return parsed;
}

/** What the suite found in one dataset's hour: counts and names, never rows. */
export interface HourCheck {
  /** The hour's Parquet files, wherever they are: raw, or in quarantine from an earlier gate. */
  readonly files: number;
  /** Of those, the files already in quarantine when the checks ran. */
  readonly quarantinedFiles: number;
  /** Rows the suite counted; null for an empty hour or one it could not count. */
  readonly rows: number | null;
  readonly summary: SuiteSummary;
  /** Error-level checks that failed: the reason for quarantine. */
  readonly failedChecks: readonly string[];
  /** Warn-level checks that failed: recorded and reported, never a stop. */
  readonly warnedChecks: readonly string[];
}

/** Where a gate is: judging, waiting for an operator, or done (and how). */
export type GatePhase = 'checking' | 'quarantining' | 'awaiting-override' | 'releasing' | 'passed' | 'empty' | 'released' | 'failed';

/** What the gate's `status` query answers. */
export interface DataQualityStatus {
  readonly dataset: DatasetName;
  readonly hour: string;
  readonly phase: GatePhase;
  readonly check?: HourCheck;
  /** Files of the hour in quarantine; 0 until the gate quarantines or when it passed. */
  readonly quarantinedFiles: number;
  /** When a quarantined hour stops waiting for an override (ISO time). */
  readonly overrideDeadline?: string;
  readonly override?: AcceptedOverride;
}

/** How a gate that did not fail ended. */
export type GateOutcome = 'passed' | 'empty' | 'released';

/** The gate's result: an outcome and counts, small enough for a parent workflow's history. */
export interface DataQualityResult {
  readonly dataset: DatasetName;
  readonly hour: string;
  /** passed: no error-level check failed; empty: the hour has no files; released: failed, then overridden. */
  readonly outcome: GateOutcome;
  readonly check: HourCheck;
  /** Files the gate held in quarantine (and, when released, moved back). */
  readonly quarantinedFiles: number;
  readonly override?: AcceptedOverride;
}
