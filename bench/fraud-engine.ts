import type { Transaction } from '../src/domain/events/schema';
import { eventTimeMs } from '../src/domain/event-time';
import { DEFAULT_RULES, FraudEngine } from '../src/domain/fraud';
import { RecordPool } from '../src/domain/fraud/record-pool';
import { RECORD_STRIDE } from '../src/domain/fraud/user-state';
import { measureRates, median } from './measure';
import { BENCH_START_MS, decodedPurchases } from './workloads';
import type { Benchmark } from './types';

/** Purchases in the measured set and the population they come from: about 100,000 distinct active users. */
const PURCHASES = 400_000;
const POPULATION = 110_000;

/**
 * A figure of one pass over the decoded purchases of about 100,000 users, with fresh state each run (the same
 * purchases again would arrive out of order for the users' state); `pass` says what the run ended up holding.
 */
function overPurchases(
  name: string,
  title: string,
  barEventsPerSecond: number | undefined,
  pass: (purchases: readonly Transaction[]) => string,
): Benchmark {
  return {
    name,
    async run({ runs }) {
      const purchases = decodedPurchases(PURCHASES, POPULATION);
      let held = '';
      const rates = await measureRates({
        warmUps: 1,
        runs,
        once: () => {
          held = pass(purchases);
          return purchases.length;
        },
      });
      const note = `${PURCHASES.toLocaleString('en')} purchases, ${held}`;
      return {
        name,
        title,
        eventsPerSecond: median(rates),
        runs: rates,
        note,
        ...(barEventsPerSecond === undefined ? {} : { barEventsPerSecond }),
      };
    },
  };
}

/** FraudEngine.process with every rule on; only the engine is timed. */
export const fraudEngineBenchmark = overPurchases('engine', 'Fraud engine, one core, all rules', 1_000_000, (purchases) => {
  const engine = new FraudEngine(DEFAULT_RULES);
  let alerts = 0;
  for (const tx of purchases) if (engine.process(tx, BENCH_START_MS) !== undefined) alerts += 1;
  return `${engine.userCount.toLocaleString('en')} users held, ${alerts.toLocaleString('en')} alerts`;
});

/**
 * The floor under any engine that keeps state per user in this process: read the fields the rules read, find the
 * user's state in a Map (made on first sight, with a record from the engine's pool) and write one number of their
 * record. No rule runs; this is what the machine's memory allows before any rule does.
 */
export const fraudEngineFloorBenchmark = overPurchases(
  'engine-floor',
  'Fraud engine floor: find the user, no rules',
  undefined,
  (purchases) => {
    const users = new Map<string, { readonly memory: Float64Array; readonly offset: number }>();
    const records = new RecordPool(RECORD_STRIDE);
    for (const tx of purchases) {
      let s = users.get(tx.user_id);
      if (s === undefined) {
        const id = records.acquire();
        s = { memory: records.memoryOf(id), offset: records.offsetOf(id) };
        users.set(tx.user_id, s);
      }
      s.memory[s.offset] = eventTimeMs(tx.timestamp) + tx.amount + readPlaceAndDevice(tx);
    }
    return `${users.size.toLocaleString('en')} users held: the memory traffic every engine keyed by user pays`;
  },
);

/** The location and device fields the rules read, folded into a number so that the reads are not optimised away. */
function readPlaceAndDevice(tx: Transaction): number {
  const place = tx.location ? tx.location.lat + tx.location.lon : 0;
  const device = tx.device ? tx.device.device_id.length + tx.device.type.length + tx.device.os.length : 0;
  return place + device;
}
