// Windows are numbered by their start in slides since the epoch: window k is [k·slide, k·slide + size).
// A pane is one slide of time, pane p = [p·slide, (p+1)·slide); window k is the panes k … k+n-1, n = size/slide.

/** Window size and slide, in ms; the slide divides the size. */
export interface WindowSpec {
  readonly windowMs: number;
  readonly slideMs: number;
}

/** A window's bounds in ms since the epoch, end exclusive. */
export interface WindowBounds {
  readonly startMs: number;
  readonly endMs: number;
}

/** The pane (slide-long interval, aligned to the epoch) that holds a time. */
export function paneOf(timeMs: number, slideMs: number): number {
  return Math.floor(timeMs / slideMs);
}

/** How many panes, and so how many windows, each time belongs to. */
export function panesPerWindow(spec: WindowSpec): number {
  return spec.windowMs / spec.slideMs;
}

/** The bounds of window k. */
export function windowBounds(k: number, spec: WindowSpec): WindowBounds {
  const startMs = k * spec.slideMs;
  return { startMs, endMs: startMs + spec.windowMs };
}

/** The last window whose end the watermark has reached: every window up to it is complete. */
export function lastCompleteWindow(watermarkMs: number, spec: WindowSpec): number {
  return Math.floor(watermarkMs / spec.slideMs) - panesPerWindow(spec);
}

/** Every window that holds a time, earliest first: always size/slide of them. */
export function windowsContaining(timeMs: number, spec: WindowSpec): WindowBounds[] {
  const pane = paneOf(timeMs, spec.slideMs);
  const n = panesPerWindow(spec);
  return Array.from({ length: n }, (_, i) => windowBounds(pane - n + 1 + i, spec));
}
