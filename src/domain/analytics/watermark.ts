/** What a source has delivered: its newest event time and when (processing time) it last delivered. */
interface SourceState {
  readonly source: string;
  maxEventMs: number;
  lastArrivalMs: number;
}

/** The watermark's state as plain JSON. */
export interface WatermarkSnapshot {
  /** Null before the first event (the watermark is then minus infinity). */
  readonly watermarkMs: number | null;
  readonly sources: readonly { readonly source: string; readonly maxEventMs: number; readonly lastArrivalMs: number }[];
}

/**
 * The event-time watermark over several sources (input partitions): the lowest newest event time among the
 * sources that are not idle, minus the allowed lateness. Inputs below it are late. It never goes back, so a
 * window closed on it stays closed even when an idle source returns with older events.
 */
export class SourceWatermarks {
  private readonly byName = new Map<string, SourceState>();
  // The same states in an array: recomputing walks it on most events, and arrays iterate without allocating.
  private readonly sources: SourceState[] = [];
  private watermark = -Infinity;
  // Inputs come in runs from one source: remembering the last spares a map lookup per event.
  private lastSource: SourceState | undefined;
  /** The active source with the lowest newest event time: only its progress can raise the watermark. */
  private minSource: SourceState | undefined;
  /** No active source goes idle before this processing time; it may lag behind, never lead. */
  private nextIdleMs = -Infinity;

  constructor(
    private readonly allowedLatenessMs: number,
    private readonly idleTimeoutMs: number,
  ) {}

  /** The current watermark in ms since the epoch; minus infinity before the first event. */
  get watermarkMs(): number {
    return this.watermark;
  }

  /** How many sources have delivered so far. */
  get sourceCount(): number {
    return this.sources.length;
  }

  /** Records that a source delivered an event at processing time nowMs; true when the watermark moved. */
  observe(source: string, eventMs: number, nowMs: number): boolean {
    let s = this.lastSource?.source === source ? this.lastSource : this.byName.get(source);
    let moved = nowMs >= this.nextIdleMs;
    if (s === undefined) {
      s = { source, maxEventMs: eventMs, lastArrivalMs: nowMs };
      this.byName.set(source, s);
      this.sources.push(s);
      moved = true;
    } else {
      if (nowMs - s.lastArrivalMs >= this.idleTimeoutMs) moved = true;
      if (eventMs > s.maxEventMs) {
        s.maxEventMs = eventMs;
        if (s === this.minSource) moved = true;
      }
      if (nowMs > s.lastArrivalMs) s.lastArrivalMs = nowMs;
    }
    this.lastSource = s;
    // The checks above only rule out a change; recomputing says whether there is one.
    return moved && this.recompute(nowMs);
  }

  /** Names a source that has not delivered yet: until it does, or goes idle, it holds the watermark back. */
  expect(source: string, nowMs: number): void {
    if (this.byName.has(source)) return;
    const s = { source, maxEventMs: -Infinity, lastArrivalMs: nowMs };
    this.byName.set(source, s);
    this.sources.push(s);
  }

  /** Lets processing time pass: sources silent for the idle timeout stop holding back; true when the watermark moved. */
  advance(nowMs: number): boolean {
    return this.recompute(nowMs);
  }

  /** The state as plain JSON. */
  snapshot(): WatermarkSnapshot {
    return {
      watermarkMs: Number.isFinite(this.watermark) ? this.watermark : null,
      sources: this.sources.map(({ source, maxEventMs, lastArrivalMs }) => ({ source, maxEventMs, lastArrivalMs })),
    };
  }

  /** Rebuilds the state a snapshot holds. */
  static restore(snapshot: WatermarkSnapshot, allowedLatenessMs: number, idleTimeoutMs: number): SourceWatermarks {
    const w = new SourceWatermarks(allowedLatenessMs, idleTimeoutMs);
    w.watermark = snapshot.watermarkMs ?? -Infinity;
    for (const { source, maxEventMs, lastArrivalMs } of snapshot.sources) {
      const s = { source, maxEventMs, lastArrivalMs };
      w.byName.set(source, s);
      w.sources.push(s);
    }
    return w;
  }

  private recompute(nowMs: number): boolean {
    let min: SourceState | undefined;
    let maxEventMs = -Infinity;
    let nextIdleMs = Infinity;
    for (const s of this.sources) {
      if (s.maxEventMs > maxEventMs) maxEventMs = s.maxEventMs;
      const idleAtMs = s.lastArrivalMs + this.idleTimeoutMs;
      if (nowMs >= idleAtMs) continue;
      if (idleAtMs < nextIdleMs) nextIdleMs = idleAtMs;
      if (min === undefined || s.maxEventMs < min.maxEventMs) min = s;
    }
    this.minSource = min;
    this.nextIdleMs = nextIdleMs;
    // With every source idle, none holds the others back: the newest event time seen is the best evidence.
    const candidate = (min === undefined ? maxEventMs : min.maxEventMs) - this.allowedLatenessMs;
    if (candidate <= this.watermark) return false;
    this.watermark = candidate;
    return true;
  }
}
