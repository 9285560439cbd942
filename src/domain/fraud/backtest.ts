import { activitySchema, validateTransaction, type Alert, type Transaction } from '../events/schema';
import { eventTimeMs } from '../event-time';
import { DEFAULT_RULES, FraudEngine, type RuleSet } from '.';
import { scoreDetection, type PatternScore } from './evaluation';

/**
 * The validator's clock in a backtest. A file has no "now": the only honest reference is its own latest event
 * time, which bounds nothing, and the wall clock would reject a file generated ahead of it. So the future
 * bound is off (the lower bound, year 2000, still applies); sorting puts any far-future outlier last, where
 * it cannot disturb the windows or the state eviction of the purchases before it.
 */
const NO_FUTURE_BOUND_MS = Number.MAX_SAFE_INTEGER;

/** Invalid lines whose number and reason are kept for the report; the rest are only counted. */
const INVALID_SAMPLES = 5;

/** Event types of activity lines: skipped, since the rules read purchases only. */
const ACTIVITY_TYPES: ReadonlySet<unknown> = new Set(activitySchema.shape.event_type.options);

/** A line that is neither a valid purchase nor an activity event. */
export interface InvalidLine {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly reason: string;
}

/** How far a backtest has come. */
export interface BacktestProgress {
  readonly phase: 'reading' | 'detecting';
  /** Lines read, or purchases run through the engine. */
  readonly done: number;
  /** Purchases to run through the engine; known once reading is over. */
  readonly total?: number;
}

/** What a backtest found. */
export interface BacktestReport {
  readonly lines: number;
  /** Valid purchases, each run through the engine. */
  readonly purchases: number;
  /** Activity lines, skipped: the rules read purchases only. */
  readonly activity: number;
  readonly invalid: number;
  /** The first few invalid lines, in file order. */
  readonly invalidSamples: readonly InvalidLine[];
  /** Alerts in event-time order, re-issues included, as the stream would have produced them. */
  readonly alerts: readonly Alert[];
  /** Precision, recall and F1 per pattern, when any purchase carries a label. */
  readonly scores?: readonly PatternScore[];
}

export interface BacktestOptions {
  /** Default: DEFAULT_RULES. */
  readonly rules?: RuleSet;
  readonly onProgress?: (progress: BacktestProgress) => void;
  /** Lines (while reading) or purchases (while detecting) between two progress reports; default 100,000. */
  readonly progressEvery?: number;
}

/**
 * A valid purchase, held as the JSON of its validated form: a few million parsed objects would not fit in the
 * heap, their bytes (outside it) do.
 */
interface Purchase {
  readonly timeMs: number;
  readonly json: Buffer;
}

// Equal event times are ordered by content, so the order of the file never matters (identical purchases
// are interchangeable).
const byEventTime = (a: Purchase, b: Purchase): number => a.timeMs - b.timeMs || Buffer.compare(a.json, b.json);

/** A line as a purchase, as skipped activity, or as invalid with the reason. */
function classify(text: string): { kind: 'purchase'; tx: Transaction } | { kind: 'activity' } | { kind: 'invalid'; reason: string } {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    return { kind: 'invalid', reason: `not JSON: ${(err as Error).message}` };
  }
  const type = typeof input === 'object' && input !== null ? (input as { event_type?: unknown }).event_type : undefined;
  if (ACTIVITY_TYPES.has(type)) return { kind: 'activity' };
  if (type !== 'purchase') return { kind: 'invalid', reason: `event_type: expected purchase or ${[...ACTIVITY_TYPES].join(' or ')}` };
  const valid = validateTransaction(input, NO_FUTURE_BOUND_MS);
  return valid.ok ? { kind: 'purchase', tx: valid.value } : { kind: 'invalid', reason: valid.reason };
}

/**
 * Replays JSONL events through one FraudEngine, in event-time order whatever the order of the lines: purchases
 * are buffered and sorted first (a batch tool: a few million fit in memory). Each alert's detected_at is the
 * event time of its purchase, so the same input always gives the same alerts, byte for byte. Invalid and blank
 * lines never stop the run: invalid ones are counted and sampled, blank ones ignored.
 */
export async function runBacktest(lines: AsyncIterable<string> | Iterable<string>, options: BacktestOptions = {}): Promise<BacktestReport> {
  const progressEvery = options.progressEvery ?? 100_000;
  const purchases: Purchase[] = [];
  const invalidSamples: InvalidLine[] = [];
  let lineCount = 0;
  let activity = 0;
  let invalid = 0;
  let labelled = false;
  for await (const text of lines) {
    lineCount += 1;
    if (lineCount % progressEvery === 0) options.onProgress?.({ phase: 'reading', done: lineCount });
    if (text.trim() === '') continue;
    const read = classify(text);
    if (read.kind === 'purchase') {
      purchases.push({ timeMs: eventTimeMs(read.tx.timestamp), json: Buffer.from(JSON.stringify(read.tx)) });
      labelled ||= read.tx.label !== undefined;
    } else if (read.kind === 'activity') {
      activity += 1;
    } else {
      invalid += 1;
      if (invalidSamples.length < INVALID_SAMPLES) invalidSamples.push({ line: lineCount, reason: read.reason });
    }
  }
  purchases.sort(byEventTime);

  const engine = new FraudEngine(options.rules ?? DEFAULT_RULES);
  const alerts: Alert[] = [];
  // Scoring reads only fraudulent and alerted purchases (the others are neither incidents nor alerts): the
  // rest need not stay in memory.
  const scored: Transaction[] = [];
  for (let i = 0; i < purchases.length; i++) {
    const { json, timeMs } = purchases[i] as Purchase;
    const tx = JSON.parse(json.toString('utf8')) as Transaction;
    const alert = engine.process(tx, timeMs);
    if (alert !== undefined) alerts.push(alert);
    if (labelled && (alert !== undefined || tx.label?.is_fraud)) scored.push(tx);
    if ((i + 1) % progressEvery === 0) options.onProgress?.({ phase: 'detecting', done: i + 1, total: purchases.length });
  }
  const scores = labelled ? scoreDetection(scored, alerts) : undefined;
  return { lines: lineCount, purchases: purchases.length, activity, invalid, invalidSamples, alerts, scores };
}
