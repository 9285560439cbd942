import { DEFAULT_GENERATOR_OPTIONS } from '../src/domain/generator';
import { GeneratorThread } from '../src/streaming/generator-thread';
import { produceEvents } from '../src/streaming/produce';
import { reachBroker, skippedFigure, withFreshTopics } from './broker';
import { measureRates, median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Events produced per measured run: at the bar (50,000/s) a run is 12 s of work. */
const EVENTS_PER_RUN = 600_000;
const TITLE = 'Producer into the local broker (batched)';

/** produceEvents in simulated time (as fast as the broker takes them) into fresh 6-partition topics. */
export const producerBenchmark: Benchmark = {
  name: 'producer',
  async run({ runs }) {
    const broker = await reachBroker();
    if ('unreachable' in broker) return skippedFigure('producer', TITLE, broker.unreachable, 50_000);
    let generator: GeneratorThread | undefined;
    const rates = await withFreshTopics(broker.kafka, ['sales', 'activity'], ([sales, activity]) =>
      measureRates({
        warmUps: 1,
        runs,
        // The generator is built off the clock; its events are generated on it, as in production.
        prepare: async () => {
          await generator?.close();
          generator = await GeneratorThread.start({ ...DEFAULT_GENERATOR_OPTIONS, startMs: BENCH_START_MS });
        },
        once: async () => {
          const stats = await produceEvents({
            kafka: broker.kafka,
            topics: { sales: sales as string, activity: activity as string },
            generator: generator as GeneratorThread,
            realTime: false,
            count: EVENTS_PER_RUN,
          });
          if (stats.errors > 0) throw new Error(`${stats.errors} events failed to produce`);
          return stats.sent;
        },
      }).finally(() => generator?.close()),
    );
    return {
      name: 'producer',
      title: TITLE,
      eventsPerSecond: median(rates),
      runs: rates,
      barEventsPerSecond: 50_000,
      note: `${EVENTS_PER_RUN.toLocaleString('en')} events a run, idempotent, Snappy, to ${broker.address}`,
    };
  },
};
