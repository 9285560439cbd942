import type { Alert } from '../events/schema';
import { ruleCombination, type AlertWindowSummary } from './summary';
import { BASELINE_WINDOWS, MONITORING_WINDOW_MS } from './window';

/**
 * What the 24 hours before a window held, accumulated alert by alert so that a day of alerts is never held in
 * memory: the alert count of each 15-minute window and the rule combinations seen.
 */
export class BaselineAccumulator {
  private readonly counts = new Array<number>(BASELINE_WINDOWS).fill(0);
  private readonly combinations = new Set<string>();

  /** @param baselineStartMs start of the first baseline window (the monitored window's start less 24 h). */
  constructor(private readonly baselineStartMs: number) {}

  /** Counts an alert detected inside the baseline; others are ignored. */
  add(alert: Alert): void {
    const index = Math.floor((Date.parse(alert.detected_at) - this.baselineStartMs) / MONITORING_WINDOW_MS);
    if (index < 0 || index >= BASELINE_WINDOWS) return;
    this.counts[index] = (this.counts[index] as number) + 1;
    this.combinations.add(ruleCombination(alert));
  }

  /** The baseline's statistics; `complete` false when the read stopped early (then no comparison is made). */
  result(complete: boolean): Baseline {
    const alerts = this.counts.reduce((a, b) => a + b, 0);
    const meanPerWindow = alerts / BASELINE_WINDOWS;
    const variance = this.counts.reduce((sum, c) => sum + (c - meanPerWindow) ** 2, 0) / BASELINE_WINDOWS;
    return { complete, alerts, meanPerWindow, sdPerWindow: Math.sqrt(variance), ruleCombinations: [...this.combinations].sort() };
  }
}

/** The previous 24 hours in numbers. */
export interface Baseline {
  readonly complete: boolean;
  readonly alerts: number;
  readonly meanPerWindow: number;
  /** Population standard deviation of the per-window counts. */
  readonly sdPerWindow: number;
  readonly ruleCombinations: readonly string[];
}

/** How a window compares with its baseline. */
export interface BaselineComparison {
  /** False when the baseline was incomplete: no spike and no new pattern is claimed then. */
  readonly compared: boolean;
  /** Window count above which it is a spike: mean + k·sd, at least the configured minimum. */
  readonly spikeThreshold: number;
  readonly spike: boolean;
  /** Rule combinations of the window that the baseline never saw. */
  readonly newPatterns: readonly string[];
}

/** What makes a window's count a spike. */
export interface SpikeRule {
  /** k in mean + k·sd. */
  readonly sigmas: number;
  /** A spike needs at least this many alerts, so that a quiet baseline does not turn 2 alerts into a spike. */
  readonly minAlerts: number;
}

/** Compares a window with its baseline. */
export function compareWithBaseline(window: AlertWindowSummary, baseline: Baseline, rule: SpikeRule): BaselineComparison {
  const spikeThreshold = Math.max(rule.minAlerts, baseline.meanPerWindow + rule.sigmas * baseline.sdPerWindow);
  if (!baseline.complete) return { compared: false, spikeThreshold, spike: false, newPatterns: [] };
  const seen = new Set(baseline.ruleCombinations);
  return {
    compared: true,
    spikeThreshold,
    spike: window.alerts > spikeThreshold,
    newPatterns: window.ruleCombinations.map((c) => c.rules).filter((rules) => !seen.has(rules)),
  };
}
