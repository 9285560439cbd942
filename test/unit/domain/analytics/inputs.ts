import type { LateEvent, WindowEngine, WindowInput, WindowResult } from '../../../../src/domain/analytics';
import type { Activity, Alert, Transaction } from '../../../../src/domain/events/schema';
import { purchase as validPurchase } from '../../../support/purchase';

/** A time aligned to minutes (and so to every slide the tests use): window starts fall on T0 + k·slide. */
export const T0 = Date.parse('2026-11-25T12:00:00Z');

/** The ISO text of T0 + offsetMs. */
export const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

/** A completed purchase at T0 + offsetMs; fields override the defaults. */
export function purchase(offsetMs: number, fields: Partial<Transaction> = {}): WindowInput {
  const event = validPurchase({
    transaction_id: `t-${offsetMs}`,
    user_id: 'u-000001',
    timestamp: at(offsetMs),
    amount: 10,
    product_id: 'p-00001',
    product_name: 'Widget',
    category: 'electronics',
    ...fields,
  });
  return { kind: 'purchase', event };
}

/** A page view (or, with type, an add-to-cart) of a session at T0 + offsetMs. */
export function activity(offsetMs: number, sessionId: string, type: Activity['event_type'] = 'page_view'): WindowInput {
  const event: Activity = {
    event_type: type,
    event_id: `e-${sessionId}-${offsetMs}`,
    session_id: sessionId,
    user_id: 'u-000001',
    timestamp: at(offsetMs),
    product_id: 'p-00001',
    category: 'electronics',
    location: null,
    device: null,
  };
  return { kind: 'activity', event };
}

/** A fraud alert whose event time is T0 + offsetMs. */
export function alert(offsetMs: number): WindowInput {
  const event: Alert = {
    alert_id: `a-${offsetMs}`,
    transaction_id: `t-${offsetMs}`,
    user_id: 'u-000001',
    rules: ['high_amount'],
    score: 0.9,
    severity: 'CRITICAL',
    reasons: ['amount 2500.00 > 2000.00'],
    event_time: at(offsetMs),
    detected_at: at(offsetMs + 5),
    rules_version: 1,
  };
  return { kind: 'alert', event };
}

/** Feeds inputs from one source, processing time following event time, and collects what comes out. */
export function feed(
  engine: WindowEngine,
  inputs: readonly WindowInput[],
  source = 'sales_stream/0',
): { results: WindowResult[]; early: WindowResult[]; late: LateEvent[] } {
  const results: WindowResult[] = [];
  const early: WindowResult[] = [];
  const late: LateEvent[] = [];
  for (const input of inputs) {
    const time = input.kind === 'alert' ? input.event.event_time : input.event.timestamp;
    const out = engine.add(input, source, Date.parse(time));
    results.push(...out.results);
    early.push(...out.early);
    late.push(...out.late);
  }
  return { results, early, late };
}

/** The result of the window starting at T0 + offsetMs, which must be there exactly once. */
export function windowAt(results: readonly WindowResult[], offsetMs: number): WindowResult {
  const found = results.filter((r) => r.window_start === at(offsetMs));
  if (found.length !== 1) throw new Error(`${found.length} results for the window at ${at(offsetMs)}`);
  return found[0] as WindowResult;
}
