import { WindowEngine } from '../src/domain/analytics';
import { measureRates, median } from './measure';
import { decodedWindowInputs } from './workloads';
import type { Benchmark } from './types';

/** Events of the default stream in the measured set: about ten minutes of event time at 1,000 events/s. */
const EVENTS = 600_000;

/** WindowEngine.add with its default windows (1 minute sliding by 10 s) over decoded purchases and activity. */
export const windowEngineBenchmark: Benchmark = {
  name: 'window',
  async run({ runs }) {
    const inputs = decodedWindowInputs(EVENTS);
    let results = 0;
    const rates = await measureRates({
      warmUps: 1,
      runs,
      once: () => {
        const engine = new WindowEngine();
        results = 0;
        for (const { input, source, nowMs } of inputs) results += engine.add(input, source, nowMs).results.length;
        return inputs.length;
      },
    });
    return {
      name: 'window',
      title: 'Window engine (analytics)',
      eventsPerSecond: median(rates),
      runs: rates,
      barEventsPerSecond: 1_000_000,
      note: `${EVENTS.toLocaleString('en')} events, ${results} window results`,
    };
  },
};
