import { windowResult } from './aggregate';
import { resolveOptions, type WindowEngineOptions } from './options';
import { emptyPane, type Pane } from './pane';
import type { PaneReport } from './pane-builder';
import { SessionIndex } from './sessions';
import { addSnapshotToPane, type PaneSnapshot } from './snapshot';
import type { WindowResult } from './types';
import { SourceWatermarks } from './watermark';
import { lastCompleteWindow, panesPerWindow, windowBounds } from './windows';

/**
 * The window stage: merges the pane reports of every input partition into global sliding windows, and emits
 * each window once when the lowest partition watermark (partitions idle for the idle timeout aside) passes its
 * end. A partition's report of a pane replaces its earlier report of that pane, so a pane reported early (an
 * idle partition's open panes) and again later, or again by a partition rebuilt from history, counts once.
 */
export class WindowMerger {
  readonly options: WindowEngineOptions;
  private readonly n: number;
  private readonly watermarks: SourceWatermarks;
  /** By pane index, each partition's latest report of the pane. */
  private readonly panes = new Map<number, Map<string, PaneSnapshot>>();
  private readonly late = new Map<number, number>();
  /** Every window up to this index has been emitted, or had nothing to emit. */
  private closedThrough = -Infinity;

  constructor(options: Partial<Omit<WindowEngineOptions, 'allowedLatenessMs' | 'earlyResults'>> = {}) {
    // Lateness was allowed for in each partition's watermark already.
    this.options = resolveOptions({ ...options, allowedLatenessMs: 0 });
    this.n = panesPerWindow(this.options);
    this.watermarks = new SourceWatermarks(0, this.options.idleTimeoutMs);
  }

  /** The lowest partition watermark (ms since the epoch). */
  get watermarkMs(): number {
    return this.watermarks.watermarkMs;
  }

  /** Pane indices held. */
  get openPanes(): number {
    return this.panes.size;
  }

  /** Names the input partitions: each holds windows open until it reports or goes idle, from nowMs on. */
  expectSources(sources: readonly string[], nowMs: number): void {
    for (const source of sources) this.watermarks.expect(source, nowMs);
  }

  /** Takes a partition's report at processing time nowMs; returns the windows it closed. Panes of emitted windows only are too late. */
  add(report: PaneReport, nowMs: number): WindowResult[] {
    for (const p of report.panes) {
      if (p.index <= this.closedThrough) continue;
      let bySource = this.panes.get(p.index);
      if (bySource === undefined) this.panes.set(p.index, (bySource = new Map()));
      bySource.set(report.source, p);
    }
    for (const { pane, count } of report.late) if (pane > this.closedThrough) this.late.set(pane, (this.late.get(pane) ?? 0) + count);
    return this.watermarks.observe(report.source, report.watermarkMs, nowMs) ? this.close() : [];
  }

  /** Lets processing time pass, so that idle partitions stop holding windows open. */
  tick(nowMs: number): WindowResult[] {
    return this.watermarks.advance(nowMs) ? this.close() : [];
  }

  /** Treats every window starting at or before startMs as emitted (as a rebuild finds it noted). */
  markEmittedThrough(startMs: number): void {
    const k = Math.floor(startMs / this.options.slideMs);
    if (k > this.closedThrough) this.closeThrough(k);
  }

  private close(): WindowResult[] {
    const last = lastCompleteWindow(this.watermarks.watermarkMs, this.options);
    if (last <= this.closedThrough) return [];
    const held = [...this.panes.keys()].sort((a, b) => a - b);
    const results: WindowResult[] = [];
    // Window k holds panes k … k+n-1: only windows over a held pane have anything to say.
    const windows = new Set(held.flatMap((p) => Array.from({ length: this.n }, (_, i) => p - i)));
    for (const k of [...windows].sort((a, b) => a - b)) if (k > this.closedThrough && k <= last) results.push(this.resultOf(k));
    this.closeThrough(last);
    return results;
  }

  private closeThrough(k: number): void {
    this.closedThrough = k;
    // Pane p is last used by window p.
    for (const p of [...this.panes.keys()]) if (p <= k) this.panes.delete(p);
    for (const p of [...this.late.keys()]) if (p <= k) this.late.delete(p);
  }

  private resultOf(k: number): WindowResult {
    // A fresh session index per window: partitions' panes are merged for this window only.
    const sessions = new SessionIndex();
    const panes: Pane[] = [];
    for (let p = k; p < k + this.n; p++) {
      const bySource = this.panes.get(p);
      const late = this.late.get(p) ?? 0;
      if (bySource === undefined && late === 0) continue;
      const pane = emptyPane();
      for (const snapshot of bySource?.values() ?? []) addSnapshotToPane(pane, snapshot, sessions);
      pane.lateEvents += late;
      panes.push(pane);
    }
    const { startMs, endMs } = windowBounds(k, this.options);
    return windowResult(panes, startMs, endMs, this.options.topN, sessions.count(panes));
  }
}
