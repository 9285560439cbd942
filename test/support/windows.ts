import { WindowEngine, type WindowResult } from '../../src/domain/analytics';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, usersToSustain, type GeneratedEvent } from '../../src/domain/generator';
import { pseudonymsOf, type LakeRow } from '../../src/domain/lake';
import { transactionRecord } from '../../src/domain/lake/rows';
import { windowRecord } from '../../src/domain/lake/window-rows';

/** Far past any test's event time: ticking there closes every window. */
const FAR_FUTURE_MS = Date.parse('2100-01-01T00:00:00Z');

/** Traffic from the seeded generator between two times (events per second), as the stream would see it. */
export function trafficBetween(fromMs: number, toMs: number, ratePerSecond = 2, seed = 7): GeneratedEvent[] {
  const generator = new EventGenerator({
    ...DEFAULT_GENERATOR_OPTIONS,
    seed,
    startMs: fromMs,
    ratePerSecond,
    users: Math.max(200, usersToSustain(ratePerSecond)),
    productsPerCategory: 5,
  });
  const events: GeneratedEvent[] = [];
  for (let e = generator.next(); e.timeMs < toMs; e = generator.next()) events.push(e);
  return events;
}

/** The windows the analytics consumer emits for this traffic: one engine, every window closed at the end. */
export function windowsOf(events: readonly GeneratedEvent[]): WindowResult[] {
  const engine = new WindowEngine();
  const results: WindowResult[] = [];
  for (const e of events) results.push(...engine.add(e, 'generated/0', e.timeMs).results);
  results.push(...engine.tick(FAR_FUTURE_MS).results);
  return results;
}

/** Windows as rows of the lake's `windows` dataset, at consecutive offsets of one partition. */
export function windowRows(windows: readonly WindowResult[], topic = 'analytics'): LakeRow[] {
  return windows.map((w, offset) => windowRecord(w, { topic, partition: 0, offset }).row);
}

/** The purchases among the events between two times, as rows of the lake's `transactions` dataset. */
export function purchaseRowsOf(events: readonly GeneratedEvent[], fromMs: number, toMs: number): LakeRow[] {
  const pseudonyms = pseudonymsOf('test');
  const rows: LakeRow[] = [];
  for (const e of events) {
    if (e.kind === 'purchase' && e.timeMs >= fromMs && e.timeMs < toMs)
      rows.push(transactionRecord(e.event, { topic: 'sales_stream', partition: 0, offset: rows.length }, pseudonyms).row);
  }
  return rows;
}
