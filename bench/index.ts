import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { etlBenchmark } from './etl';
import { fraudEngineBenchmark, fraudEngineFloorBenchmark } from './fraud-engine';
import { fraudLatencyBenchmark, fraudStreamBenchmark } from './fraud-stream';
import { generatorBenchmark } from './generator';
import { lakeSinkBenchmark } from './lake-sink';
import { naiveLoadBenchmark } from './naive-load';
import { naiveProducerBenchmark } from './naive-producer';
import { pipelineBenchmark } from './pipeline';
import { producerBenchmark } from './producer';
import { formatSummary, ratios } from './summary';
import { formatTable, verdict } from './table';
import type { Benchmark, Figure } from './types';
import { windowEngineBenchmark } from './window-engine';

/** Every benchmark, in the order they run; each runs before the naive way it is compared with. */
const BENCHMARKS: readonly Benchmark[] = [
  generatorBenchmark,
  fraudEngineBenchmark,
  fraudEngineFloorBenchmark,
  windowEngineBenchmark,
  producerBenchmark,
  naiveProducerBenchmark,
  fraudStreamBenchmark,
  fraudLatencyBenchmark,
  lakeSinkBenchmark,
  pipelineBenchmark,
  etlBenchmark,
  naiveLoadBenchmark,
];

const USAGE = `usage: npm run bench -- [--only ${BENCHMARKS.map((b) => b.name).join(',')}] [--runs N] [--json]

Prints each figure, then all of them side by side with their bars and their ratios to what they are compared with in
the same run (the naive way, the engine's floor, DuckDB's own INSERT … SELECT, the producer alone). The broker figures
use KAFKA_BOOTSTRAP_SERVERS and topics of their own. \`pipeline\` holds each rate for 60 s (about ten minutes in
all); PIPELINE_STEP_SECONDS=20 shortens its steps for a smoke run, PIPELINE_RATES=5000,10000 sets its rates.
docs/BENCHMARKS.md says what each figure measures.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      runs: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
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
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
  if (values.json) {
    const withVerdicts = figures.map((f) => ({ ...f, pass: f.skipped === undefined ? verdict(f) : 'skipped' }));
    console.log(JSON.stringify({ machine, runs, figures: withVerdicts, ratios: ratios(figures) }, null, 2));
    return;
  }
  console.log(`Median of ${runs} runs after a warm-up; Node ${machine.node}, ${machine.cpus} × ${machine.cpu}\n`);
  console.log(formatTable(figures));
  console.log(`\nSide by side (the naive ways measured in this run):\n\n${formatSummary(figures)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
