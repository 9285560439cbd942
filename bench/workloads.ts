import type { WindowInput } from '../src/domain/analytics';
import type { Transaction } from '../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, type GeneratorOptions } from '../src/domain/generator';

/** Event time of every generated benchmark stream. */
export const BENCH_START_MS = Date.parse('2026-11-25T12:00:00.000Z');

/** A generator of the default stream with some options changed. */
function generator(overrides: Partial<GeneratorOptions> = {}): EventGenerator {
  return new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: BENCH_START_MS, ...overrides });
}

/** An event as a consumer holds it: decoded from its JSON, sharing nothing with the generator. */
function decoded<T>(event: T): T {
  return JSON.parse(JSON.stringify(event)) as T;
}

/**
 * The first `count` purchases of a stream from a population of `users`: with 110,000 users, 400,000 purchases come
 * from about 100,000 distinct users (each shops again only after a cool-down, so a population this large is needed).
 */
export function decodedPurchases(count: number, users: number): Transaction[] {
  const g = generator({ users });
  const purchases: Transaction[] = [];
  while (purchases.length < count) {
    const e = g.next();
    if (e.kind === 'purchase') purchases.push(decoded(e.event));
  }
  return purchases;
}

/** A window input with the source it arrived from and its processing time (its event time: no lag). */
export interface SourcedInput {
  readonly input: WindowInput;
  readonly source: string;
  readonly nowMs: number;
}

/** The first `count` events of the default stream as window inputs, purchases and activity from their own topics. */
export function decodedWindowInputs(count: number): SourcedInput[] {
  return generator()
    .take(count)
    .map((e) =>
      e.kind === 'purchase'
        ? { input: { kind: 'purchase', event: decoded(e.event) }, source: 'sales_stream/0', nowMs: e.timeMs }
        : { input: { kind: 'activity', event: decoded(e.event) }, source: 'user_activity/0', nowMs: e.timeMs },
    );
}
