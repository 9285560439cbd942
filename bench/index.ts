import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { fraudEngineBenchmark } from './fraud-engine';
import { fraudLatencyBenchmark, fraudStreamBenchmark } from './fraud-stream';
import { generatorBenchmark } from './generator';
import { naiveProducerBenchmark } from './naive-producer';
import { producerBenchmark } from './producer';
import { formatTable, verdict } from './table';
import type { Benchmark, Figure } from './types';
import { windowEngineBenchmark } from './window-engine';

/** Every benchmark, in the order they run; the batched producer runs before the naive one it is compared with. */
const BENCHMARKS: readonly Benchmark[] = [
  generatorBenchmark,
  fraudEngineBenchmark,
  windowEngineBenchmark,
  producerBenchmark,
  naiveProducerBenchmark,
  fraudStreamBenchmark,
  fraudLatencyBenchmark,
];

const USAGE = `usage: npm run bench -- [--only ${BENCHMARKS.map((b) => b.name).join(',')}] [--runs N] [--json]`;

/** How many times faster the batched producer is than the naive one, when both ran. */
function producerSpeedUp(figures: readonly Figure[]): number | undefined {
  const batched = figures.find((f) => f.name === 'producer')?.eventsPerSecond;
  const naive = figures.find((f) => f.name === 'naive')?.eventsPerSecond;
  return batched === undefined || naive === undefined ? undefined : batched / naive;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const wanted = values.only?.split(',').map((n) => n.trim());
  const unknown = wanted?.filter((n) => !BENCHMARKS.some((b) => b.name === n)) ?? [];
  const runs = Number(values.runs);
  if (unknown.length > 0 || !Number.isInteger(runs) || runs < 1)
    throw new Error(`${unknown.join(', ') || `--runs ${values.runs}`}?\n${USAGE}`);

  const figures: Figure[] = [];
  for (const b of BENCHMARKS.filter((b) => wanted === undefined || wanted.includes(b.name))) {
    if (!values.json) process.stderr.write(`running ${b.name}…\n`);
    figures.push(await b.run({ runs }));
  }
  const speedUp = producerSpeedUp(figures);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
  if (values.json) {
    const withVerdicts = figures.map((f) => ({ ...f, pass: f.skipped === undefined ? verdict(f) : 'skipped' }));
    console.log(JSON.stringify({ machine, runs, figures: withVerdicts, producerSpeedUpOverNaive: speedUp ?? null }, null, 2));
    return;
  }
  console.log(`Median of ${runs} runs after a warm-up; Node ${machine.node}, ${machine.cpus} × ${machine.cpu}\n`);
  console.log(formatTable(figures));
  if (speedUp !== undefined) console.log(`\nBatched producer / naive producer: ${speedUp.toFixed(0)}×`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
