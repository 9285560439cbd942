import { isoTime } from '../iso-time';
import { inputTimeMs, inputTimeText } from './input-time';
import { addToPane, emptyPane, type Pane } from './pane';
import { SessionIndex } from './sessions';
import { paneToSnapshot, type PaneSnapshot } from './snapshot';
import type { WindowInput } from './types';
import { paneOf } from './windows';

/**
 * What one input partition reports as its event time progresses: the panes it has finished and how far it has
 * got. The window stage merges the reports of every partition, so windows stay global however the partitions
 * are spread over instances.
 */
export interface PaneReport {
  /** The input partition, e.g. `sales_stream/3`. */
  readonly source: string;
  /** The partition's watermark: it sends nothing older from now on, except as late counts. */
  readonly watermarkMs: number;
  /** Panes that ended at or before the watermark, complete for this partition. */
  readonly panes: readonly PaneSnapshot[];
  /** Inputs that came in behind the watermark, counted by their pane. */
  readonly late: readonly { readonly pane: number; readonly count: number }[];
}

/** An input the pane builder left out because it came too late, and why. */
export interface LateInput {
  readonly input: WindowInput;
  readonly reason: string;
}

/** What one input yields: a report when the watermark crossed into a new pane, the input itself when late. */
export interface PaneBuilderOutput {
  readonly report?: PaneReport;
  readonly late?: LateInput;
}

const NOTHING: PaneBuilderOutput = Object.freeze({});

/**
 * The partial aggregates of one input partition, by pane. Deterministic in its input (no processing time),
 * so replaying a partition's history rebuilds the very state, and the very reports, it had.
 */
export class PaneBuilder {
  private readonly panes = new Map<number, Pane>();
  private readonly sessions = new SessionIndex();
  private late = new Map<number, number>();
  private maxEventMs = -Infinity;
  /** Panes below this index have been reported. */
  private reportedBelow = -Infinity;
  /** Something came in since the last report. */
  private changed = false;
  private redelivered = 0;

  constructor(
    private readonly source: string,
    private readonly slideMs: number,
    private readonly allowedLatenessMs: number,
  ) {}

  /** The partition's watermark: the newest event time seen, less the allowed lateness. */
  get watermarkMs(): number {
    return this.maxEventMs - this.allowedLatenessMs;
  }

  /** Completed purchases left out because their pane had already counted their transaction id. */
  get redeliveries(): number {
    return this.redelivered;
  }

  /** Panes held open. */
  get openPanes(): number {
    return this.panes.size;
  }

  add(input: WindowInput): PaneBuilderOutput {
    const timeMs = inputTimeMs(input);
    this.changed = true;
    if (Number.isNaN(timeMs)) return { late: { input, reason: `event time "${inputTimeText(input)}" does not parse` } };
    const index = paneOf(timeMs, this.slideMs);
    if (timeMs < this.watermarkMs) {
      this.late.set(index, (this.late.get(index) ?? 0) + 1);
      const reason = `event time ${isoTime(timeMs)} is ${this.watermarkMs - timeMs} ms behind the watermark ${isoTime(this.watermarkMs)} of ${this.source}`;
      return { late: { input, reason } };
    }
    let pane = this.panes.get(index);
    if (pane === undefined) {
      pane = emptyPane();
      this.panes.set(index, pane);
    }
    if (!addToPane(pane, index, input, this.sessions)) this.redelivered += 1;
    if (timeMs <= this.maxEventMs) return NOTHING;
    this.maxEventMs = timeMs;
    const below = paneOf(this.watermarkMs, this.slideMs);
    return below > this.reportedBelow ? { report: this.report(below) } : NOTHING;
  }

  /**
   * Reports every open pane as it stands, keeping them: what a partition gone quiet sends, so that windows need
   * not wait for panes its event time has not passed. Undefined when nothing came in since the last report.
   */
  reportOpen(): PaneReport | undefined {
    if (!this.changed) return undefined;
    const open = [...this.panes.keys()].sort((a, b) => a - b);
    const report = this.reportOf(open.map((i) => paneToSnapshot(i, this.panes.get(i) as Pane)));
    this.changed = false;
    return report;
  }

  /** Reports (and forgets) every pane below `below`. */
  private report(below: number): PaneReport {
    const done = [...this.panes.keys()].filter((i) => i < below).sort((a, b) => a - b);
    const report = this.reportOf(done.map((i) => paneToSnapshot(i, this.panes.get(i) as Pane)));
    for (const i of done) {
      this.sessions.evict(this.panes.get(i) as Pane, below - 1);
      this.panes.delete(i);
    }
    this.reportedBelow = below;
    this.changed = this.panes.size > 0;
    return report;
  }

  /** A report of these panes, with the late counts gathered since the last report. */
  private reportOf(panes: PaneSnapshot[]): PaneReport {
    const late = [...this.late].map(([pane, count]) => ({ pane, count }));
    this.late = new Map();
    return { source: this.source, watermarkMs: this.watermarkMs, panes, late };
  }
}
