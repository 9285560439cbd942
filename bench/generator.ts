import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../src/domain/generator';
import { measureRates, median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Events generated per measured run. */
const EVENTS_PER_RUN = 1_000_000;

/** The pure generator with its default options: no I/O, no serialisation. */
export const generatorBenchmark: Benchmark = {
  name: 'generator',
  async run({ runs }) {
    const generator = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: BENCH_START_MS });
    const rates = await measureRates({
      warmUps: 1,
      runs,
      once: () => {
        for (let i = 0; i < EVENTS_PER_RUN; i++) generator.next();
        return EVENTS_PER_RUN;
      },
    });
    return {
      name: 'generator',
      title: 'Event generator (pure)',
      eventsPerSecond: median(rates),
      runs: rates,
      barEventsPerSecond: 500_000,
      note: `${EVENTS_PER_RUN.toLocaleString('en')} events a run, ${DEFAULT_GENERATOR_OPTIONS.users.toLocaleString('en')} users`,
    };
  },
};
