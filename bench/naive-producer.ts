import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../src/domain/generator';
import { toMessage } from '../src/streaming/generator-thread';
import { reachBroker, skippedFigure, withFreshTopics } from './broker';
import { measureRates, median } from './measure';
import { BENCH_START_MS } from './workloads';
import type { Benchmark } from './types';

/** Messages per measured run: at its ~2,400/s on this machine, 10 s of work. */
const MESSAGES_PER_RUN = 25_000;
const TITLE = 'Naive producer (one awaited send per message)';

/** The system Streamify replaces: a plain producer awaiting one send per message, into a fresh 6-partition topic. */
export const naiveProducerBenchmark: Benchmark = {
  name: 'naive',
  async run({ runs }) {
    const broker = await reachBroker();
    if ('unreachable' in broker) return skippedFigure('naive', TITLE, broker.unreachable);
    const generator = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: BENCH_START_MS });
    const producer = broker.kafka.producer();
    await producer.connect();
    try {
      const rates = await withFreshTopics(broker.kafka, ['naive'], ([topic]) =>
        measureRates({
          warmUps: 1,
          runs,
          once: async () => {
            for (let i = 0; i < MESSAGES_PER_RUN; i++)
              await producer.send({ topic: topic as string, messages: [toMessage(generator.next())] });
            return MESSAGES_PER_RUN;
          },
        }),
      );
      return {
        name: 'naive',
        title: TITLE,
        eventsPerSecond: median(rates),
        runs: rates,
        note: `${MESSAGES_PER_RUN.toLocaleString('en')} messages a run, to ${broker.address}`,
      };
    } finally {
      await producer.disconnect();
    }
  },
};
