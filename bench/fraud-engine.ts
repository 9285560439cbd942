import { DEFAULT_RULES, FraudEngine } from '../src/domain/fraud';
import { measureRates, median } from './measure';
import { BENCH_START_MS, decodedPurchases } from './workloads';
import type { Benchmark } from './types';

/** Purchases in the measured set and the population they come from: about 100,000 distinct active users. */
const PURCHASES = 400_000;
const POPULATION = 110_000;

/** FraudEngine.process with every rule on, over decoded purchases of about 100,000 users; only the engine is timed. */
export const fraudEngineBenchmark: Benchmark = {
  name: 'engine',
  async run({ runs }) {
    const purchases = decodedPurchases(PURCHASES, POPULATION);
    let usersHeld = 0;
    let alerts = 0;
    // A fresh engine each run: the same purchases again would arrive out of order for the users' state.
    const rates = await measureRates({
      warmUps: 1,
      runs,
      once: () => {
        const engine = new FraudEngine(DEFAULT_RULES);
        alerts = 0;
        for (const tx of purchases) if (engine.process(tx, BENCH_START_MS) !== undefined) alerts += 1;
        usersHeld = engine.userCount;
        return purchases.length;
      },
    });
    return {
      name: 'engine',
      title: 'Fraud engine, one core, all rules',
      eventsPerSecond: median(rates),
      runs: rates,
      barEventsPerSecond: 1_000_000,
      note: `${PURCHASES.toLocaleString('en')} purchases, ${usersHeld.toLocaleString('en')} users held, ${alerts.toLocaleString('en')} alerts`,
    };
  },
};
