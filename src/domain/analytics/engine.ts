import { isoTime } from '../iso-time';
import { windowResult } from './aggregate';
import { inputTimeMs, inputTimeText } from './input-time';
import { resolveOptions, type WindowEngineOptions } from './options';
import { addToPane, emptyPane, type Pane } from './pane';
import { paneFromSnapshot, paneToSnapshot, SNAPSHOT_VERSION, type EngineSnapshot } from './snapshot';
import type { AddOutput, Emitted, LateEvent, WindowInput, WindowResult } from './types';
import { SessionIndex } from './sessions';
import { SourceWatermarks } from './watermark';
import { lastCompleteWindow, paneOf, panesPerWindow, windowBounds } from './windows';

// Most inputs release nothing: one frozen answer for them keeps the hot path free of allocation.
const NONE: readonly never[] = Object.freeze([]);
const NOTHING: AddOutput = Object.freeze({ results: NONE, early: NONE, late: NONE });

/** How much state the engine holds; all of it is evicted as the watermark passes. */
export interface EngineStateSize {
  readonly panes: number;
  /** Sessions held for conversion. */
  readonly sessions: number;
  readonly sources: number;
}

/**
 * Sliding event-time windows over purchases, activity and alerts, yielding one final KPI result per window
 * when the watermark passes its end. Pure: time comes in with each call (event time inside the input,
 * processing time as nowMs), and the state is plain data that snapshot() and restore() carry across restarts.
 */
export class WindowEngine {
  /** The resolved options. */
  readonly options: WindowEngineOptions;
  private readonly n: number;
  private watermarks: SourceWatermarks;
  private readonly panes = new Map<number, Pane>();
  private readonly sessions = new SessionIndex();
  /** Indices of the live panes, ascending: few (about (window + lateness) / slide), so an array is enough. */
  private readonly paneOrder: number[] = [];
  /** Every window up to this index has been emitted, or had nothing to emit. */
  private closedThrough = -Infinity;
  // Consecutive inputs mostly fall in the same pane: remembering it spares a map lookup each.
  private lastPaneIndex = NaN;
  private lastPane: Pane | undefined;

  /** An empty engine; options left out take their defaults. */
  constructor(options: Partial<WindowEngineOptions> = {}) {
    this.options = resolveOptions(options);
    this.n = panesPerWindow(this.options);
    this.watermarks = new SourceWatermarks(this.options.allowedLatenessMs, this.options.idleTimeoutMs);
  }

  /** The current watermark (ms since the epoch): inputs with an earlier event time are late. */
  get watermarkMs(): number {
    return this.watermarks.watermarkMs;
  }

  /**
   * Adds an input that `source` (e.g. "sales_stream/3") delivered at processing time nowMs. Returns the windows
   * it closed and, if it was late (event time below the watermark, or none that parses), the input itself.
   */
  add(input: WindowInput, source: string, nowMs: number): AddOutput {
    const timeMs = inputTimeMs(input);
    const watermarkMs = this.watermarks.watermarkMs;
    if (timeMs >= watermarkMs) {
      const index = paneOf(timeMs, this.options.slideMs);
      // A redelivered purchase adds nothing; its event time still moves the watermark as its original did.
      addToPane(this.paneAt(index), index, input, this.sessions);
      return this.watermarks.observe(source, timeMs, nowMs) ? this.close() : NOTHING;
    }
    const late = [this.lateEvent(input, source, timeMs, watermarkMs)];
    // An unparseable time says nothing about the source's progress.
    if (Number.isNaN(timeMs) || !this.watermarks.observe(source, timeMs, nowMs)) return { results: NONE, early: NONE, late };
    return { ...this.close(), late };
  }

  /** Lets processing time pass without input, so that idle sources stop holding windows open. */
  tick(nowMs: number): Emitted {
    return this.watermarks.advance(nowMs) ? this.close() : NOTHING;
  }

  /** How much state the engine holds now. */
  stateSize(): EngineStateSize {
    return { panes: this.panes.size, sessions: this.sessions.size, sources: this.watermarks.sourceCount };
  }

  /** The whole state as plain JSON, sharing nothing with the engine. */
  snapshot(): EngineSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      options: { ...this.options },
      closedThrough: Number.isFinite(this.closedThrough) ? this.closedThrough : null,
      watermark: this.watermarks.snapshot(),
      panes: this.paneOrder.map((index) => paneToSnapshot(index, this.panes.get(index) as Pane)),
    };
  }

  /** An engine in the state a snapshot holds: it goes on exactly as the one that took the snapshot. */
  static restore(snapshot: EngineSnapshot): WindowEngine {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new RangeError(`window engine snapshot version ${String(snapshot.version)}, expected ${SNAPSHOT_VERSION}`);
    }
    const engine = new WindowEngine(snapshot.options);
    const { allowedLatenessMs, idleTimeoutMs } = engine.options;
    engine.watermarks = SourceWatermarks.restore(snapshot.watermark, allowedLatenessMs, idleTimeoutMs);
    engine.closedThrough = snapshot.closedThrough ?? -Infinity;
    // Ascending, so that each session's latest pane is the one it ends up with.
    for (const p of [...snapshot.panes].sort((a, b) => a.index - b.index)) {
      engine.panes.set(p.index, paneFromSnapshot(p, engine.sessions));
      engine.paneOrder.push(p.index);
    }
    return engine;
  }

  private paneAt(index: number): Pane {
    if (index === this.lastPaneIndex && this.lastPane !== undefined) return this.lastPane;
    let pane = this.panes.get(index);
    if (pane === undefined) {
      pane = emptyPane();
      this.panes.set(index, pane);
      let i = this.paneOrder.length;
      while (i > 0 && (this.paneOrder[i - 1] as number) > index) i -= 1;
      this.paneOrder.splice(i, 0, index);
    }
    this.lastPaneIndex = index;
    this.lastPane = pane;
    return pane;
  }

  private lateEvent(input: WindowInput, source: string, timeMs: number, watermarkMs: number): LateEvent {
    const base = { input, source, eventTimeMs: timeMs, watermarkMs };
    if (Number.isNaN(timeMs)) return { ...base, reason: `event time "${inputTimeText(input)}" does not parse` };
    // Windows over its time that are still open count it; the ones already emitted are final and cannot.
    const index = paneOf(timeMs, this.options.slideMs);
    if (index > this.closedThrough) this.paneAt(index).lateEvents += 1;
    return { ...base, reason: `event time ${isoTime(timeMs)} is ${watermarkMs - timeMs} ms behind the watermark ${isoTime(watermarkMs)}` };
  }

  /** Emits every window the watermark has passed, once, and drops the panes no open window needs. */
  private close(): AddOutput {
    const last = lastCompleteWindow(this.watermarks.watermarkMs, this.options);
    if (last <= this.closedThrough) return NOTHING;
    const results = this.windowsWithData(this.closedThrough + 1, last).map((k) => this.resultOf(k));
    this.closedThrough = last;
    this.dropPanesThrough(last);
    const early = this.options.earlyResults ? this.windowsWithData(last + 1, Infinity).map((k) => this.resultOf(k)) : NONE;
    return { results, early, late: NONE };
  }

  /** Pane p is last used by window p: once window `last` is emitted, panes up to it are done. */
  private dropPanesThrough(last: number): void {
    let done = 0;
    for (; done < this.paneOrder.length && (this.paneOrder[done] as number) <= last; done++) {
      const index = this.paneOrder[done] as number;
      this.sessions.evict(this.panes.get(index) as Pane, last);
      this.panes.delete(index);
    }
    this.paneOrder.splice(0, done);
    this.lastPaneIndex = NaN;
    this.lastPane = undefined;
  }

  /** Indices of the windows within [from, to] over at least one live pane, ascending; empty windows emit nothing. */
  private windowsWithData(from: number, to: number): number[] {
    const ks: number[] = [];
    let next = from;
    for (const p of this.paneOrder) {
      const first = p - this.n + 1;
      if (first > to) break;
      const upTo = Math.min(p, to);
      for (let k = Math.max(next, first); k <= upTo; k++) ks.push(k);
      next = Math.max(next, upTo + 1);
    }
    return ks;
  }

  private resultOf(k: number): WindowResult {
    const panes: Pane[] = [];
    for (let p = k; p < k + this.n; p++) {
      const pane = this.panes.get(p);
      if (pane !== undefined) panes.push(pane);
    }
    const { startMs, endMs } = windowBounds(k, this.options);
    return windowResult(panes, startMs, endMs, this.options.topN, this.sessions.count(panes));
  }
}
