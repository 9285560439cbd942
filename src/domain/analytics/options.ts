/** How the engine windows its inputs. */
export interface WindowEngineOptions {
  /** Length of a window; default 60 000 (1 minute). */
  readonly windowMs: number;
  /** Distance between window starts, a divisor of windowMs; default 10 000. */
  readonly slideMs: number;
  /** How far behind the newest event time the watermark trails; default 10 000. */
  readonly allowedLatenessMs: number;
  /** Processing time without a delivery after which a source stops holding the watermark back; default 30 000. */
  readonly idleTimeoutMs: number;
  /** Also emit partial results of open windows each time the watermark crosses a slide; default false. */
  readonly earlyResults: boolean;
  /** Length of the top-category and top-product lists; default 5. */
  readonly topN: number;
}

/** The defaults of every option. */
export const DEFAULT_WINDOW_ENGINE_OPTIONS: WindowEngineOptions = {
  windowMs: 60_000,
  slideMs: 10_000,
  allowedLatenessMs: 10_000,
  idleTimeoutMs: 30_000,
  earlyResults: false,
  topN: 5,
};

/** Fills in defaults and checks the options, naming the one that is wrong. */
export function resolveOptions(overrides: Partial<WindowEngineOptions> = {}): WindowEngineOptions {
  const o = { ...DEFAULT_WINDOW_ENGINE_OPTIONS, ...overrides };
  const fail = (what: string): never => {
    throw new RangeError(`window engine option ${what}`);
  };
  const positiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  if (!positiveInteger(o.slideMs)) fail(`slideMs must be a positive integer, got ${o.slideMs}`);
  if (!positiveInteger(o.windowMs) || o.windowMs % o.slideMs !== 0)
    fail(`windowMs must be a positive multiple of slideMs (${o.slideMs}), got ${o.windowMs}`);
  if (!(Number.isFinite(o.allowedLatenessMs) && o.allowedLatenessMs >= 0))
    fail(`allowedLatenessMs must be zero or more, got ${o.allowedLatenessMs}`);
  if (!(o.idleTimeoutMs > 0)) fail(`idleTimeoutMs must be positive, got ${o.idleTimeoutMs}`);
  if (!positiveInteger(o.topN)) fail(`topN must be a positive integer, got ${o.topN}`);
  return o;
}
