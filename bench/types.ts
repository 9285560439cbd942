/** What one benchmark measured, as the table and --json show it. */
export interface Figure {
  readonly name: string;
  readonly title: string;
  /** Median events per second over the measured runs; undefined when the benchmark was skipped. */
  readonly eventsPerSecond?: number;
  /** What the rate counts; events unless said. */
  readonly unit?: 'events' | 'purchases' | 'rows';
  /** Events per second of each measured run, in order. */
  readonly runs: readonly number[];
  /** The events per second the issues ask for, if any. */
  readonly barEventsPerSecond?: number;
  /** What was measured, in a few words (sizes, users held). */
  readonly note: string;
  /** Why the benchmark did not run. */
  readonly skipped?: string;
  /** Event→result latency at the figure's rate, with the p99 the issues ask for. */
  readonly latencyMs?: { readonly p50: number; readonly p99: number; readonly barP99: number };
  /** A batch figure's rows, the median seconds of each of its steps and of their total, and the bar on the total. */
  readonly batch?: { readonly rows: number; readonly stepSeconds: Readonly<Record<string, number>>; readonly barSeconds: number };
  /** The pipeline's knee: each rate tried, the CPU at the knee, and the producer's rate alone into the same broker. */
  readonly pipeline?: {
    readonly producerAloneEventsPerSecond: number;
    readonly steps: ReadonlyArray<{
      readonly rate: number;
      readonly producedPerSecond: number;
      readonly held: boolean;
      readonly worstLagSeconds: Readonly<Record<string, number>>;
      readonly reasons: readonly string[];
      /** CPU cores each process used while the step was judged: 1 is one core busy all the time. */
      readonly cpuCores: Readonly<Record<string, number>>;
    }>;
  };
}

/** Settings every benchmark takes. */
export interface BenchOptions {
  /** Measured runs per figure (after the warm-up). */
  readonly runs: number;
}

/** One benchmark: a name for --only and how to measure it. */
export interface Benchmark {
  readonly name: string;
  run(options: BenchOptions): Promise<Figure>;
}
