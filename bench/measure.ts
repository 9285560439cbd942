import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The collector is reached without --expose-gc on the command line, so that `npm run bench` stays a plain command.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** How to measure a rate: one run returns how many events it handled. */
export interface RateOptions {
  readonly warmUps: number;
  readonly runs: number;
  /** Readies a run off the clock. */
  readonly prepare?: () => void | Promise<void>;
  readonly once: () => number | Promise<number>;
}

/**
 * Events per second of each measured run, after unmeasured warm-up runs that let the JIT settle. Every run starts
 * after a full collection, so that garbage of an earlier run is not collected on a later run's clock.
 */
export async function measureRates(o: RateOptions): Promise<number[]> {
  const rates: number[] = [];
  for (let i = 0; i < o.warmUps + o.runs; i++) {
    await o.prepare?.();
    gc();
    const startMs = performance.now();
    const events = await o.once();
    const seconds = (performance.now() - startMs) / 1000;
    if (i >= o.warmUps) rates.push(events / seconds);
  }
  return rates;
}
