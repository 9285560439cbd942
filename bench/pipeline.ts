import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from '../src/adapters/kafka/client';
import { loadConfig, topicsOf } from '../src/config';
import { DEFAULT_GENERATOR_OPTIONS, usersToSustain } from '../src/domain/generator';
import { GeneratorThread } from '../src/streaming/generator-thread';
import { produceEvents } from '../src/streaming/produce';
import { reachBroker, skippedFigure } from './broker';
import { judgeStep, kneeOf, type KneeSample } from './pipeline-knee';
import { producerBenchmark } from './producer';
import {
  cpuSeconds,
  deleteConfiguredTopics,
  groupPositions,
  privateStreamEnv,
  startStreamify,
  type StreamifyProcess,
} from './stream-processes';
import type { Benchmark, Figure } from './types';

const TITLE = 'Pipeline knee: stream all + worker + producer + broker on the same cores';
/** Seconds each step is judged (the issue's 60); PIPELINE_STEP_SECONDS shortens it for a smoke run. */
const DEFAULT_STEP_SECONDS = 60;
/** Events per second of each step, lowest first; PIPELINE_RATES overrides them. */
const DEFAULT_RATES = [5_000, 10_000, 15_000, 20_000, 30_000, 40_000];
/** The first seconds of a step (the new rate's first burst, the consumers catching up with it) are not judged. */
const SETTLE_MS = 10_000;
const SAMPLE_EVERY_MS = 2_000;
/** Time to build a step's generator (its users) before its first event is due: events due earlier would leave in a burst. */
const PREPARE_MS = 10_000;
const LIMITS = { settleMs: SETTLE_MS, maxLagSeconds: 2, minRateShare: 0.95 };
const BAR = 20_000;

interface PipelineSettings {
  readonly stepSeconds: number;
  readonly rates: readonly number[];
}

function settings(env: NodeJS.ProcessEnv): PipelineSettings {
  const stepSeconds = Number(env.PIPELINE_STEP_SECONDS ?? DEFAULT_STEP_SECONDS);
  if (!(stepSeconds >= 10))
    throw new Error(`PIPELINE_STEP_SECONDS must be a number of seconds, at least 10 (got ${env.PIPELINE_STEP_SECONDS})`);
  const rates = env.PIPELINE_RATES === undefined ? DEFAULT_RATES : env.PIPELINE_RATES.split(',').map(Number);
  if (rates.length === 0 || rates.some((r) => !Number.isInteger(r) || r <= 0))
    throw new Error(`PIPELINE_RATES must be events per second separated by commas (got ${env.PIPELINE_RATES})`);
  return { stepSeconds, rates };
}

/** The local stack's broker process, when the configured broker is it: its CPU is part of the figure. */
function localBrokerPid(stackDir: string): number | undefined {
  const file = join(stackDir, 'run', 'kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return existsSync(`/proc/${pid}`) ? pid : undefined;
}

/** CPU seconds used so far by each measured process; the producer is this process (its generator thread included). */
function cpuNow(processes: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) if (pid !== undefined) used[name] = cpuSeconds(pid);
  const { user, system } = process.cpuUsage();
  used.producer = (user + system) / 1e6;
  return used;
}

type Step = NonNullable<Figure['pipeline']>['steps'][number];

/**
 * The highest rate the whole pipeline holds: `streamify stream all` and `streamify worker` as processes of their own,
 * with topics, groups, lake and task queue of this run only; a producer in this process raises the rate step by step,
 * each step held for 60 s after settling; each step is judged by every input group's lag in seconds of its input.
 * Beside it, in the same run, the producer alone into the same broker (the producer figure, one run).
 */
export const pipelineBenchmark: Benchmark = {
  name: 'pipeline',
  async run() {
    const { stepSeconds, rates } = settings(process.env);
    const broker = await reachBroker();
    if ('unreachable' in broker) return skippedFigure('pipeline', TITLE, broker.unreachable, BAR);
    const alone = await producerBenchmark.run({ runs: 1 });
    const producerAlone = alone.eventsPerSecond as number;

    const stamp = `${Date.now().toString(36)}-${process.pid}`;
    const dir = mkdtempSync(join(tmpdir(), 'streamify-bench-pipeline-'));
    const env = {
      ...privateStreamEnv('bench-pipeline', stamp, dir),
      // The lake sink flushes at least every second, so that its committed lag can stay within the 2 s judged.
      LAKE_FLUSH_AGE_MS: '1000',
      ANALYTICS_METRICS_PORT: '0',
      LAKE_METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
    };
    const config = loadConfig({ ...process.env, ...env });
    const kafka = createKafka(config);
    const admin = kafka.admin();
    await admin.connect();
    const processes: StreamifyProcess[] = [];
    const steps: Step[] = [];
    try {
      const streamAll = await startStreamify(['stream', 'all'], env, join(dir, 'stream-all.log'), 'consumers running');
      processes.push(streamAll);
      const worker = await startStreamify(
        ['worker', '--task-queue', `bench-pipeline-${stamp}`],
        env,
        join(dir, 'worker.log'),
        'worker polling',
      );
      processes.push(worker);
      const pids = { 'stream all': streamAll.child.pid, worker: worker.child.pid, broker: localBrokerPid(config.stackDir) };
      for (const rate of rates) {
        const startMs = Date.now() + PREPARE_MS;
        const generator = await GeneratorThread.start({
          ...DEFAULT_GENERATOR_OPTIONS,
          startMs,
          ratePerSecond: rate,
          users: usersToSustain(rate),
        });
        await sleep(Math.max(0, startMs - Date.now()));
        const samples: KneeSample[] = [];
        let cpuFrom: Record<string, number> | undefined;
        const sampler = setInterval(() => {
          const elapsedMs = Date.now() - startMs;
          if (cpuFrom === undefined && elapsedMs >= SETTLE_MS) cpuFrom = cpuNow(pids);
          // A sample lost to a busy broker is left out: the step is judged by the others (at least two).
          void groupPositions(admin, config).then(
            (groups) => samples.push({ elapsedMs, groups }),
            () => undefined,
          );
        }, SAMPLE_EVERY_MS);
        const stats = await produceEvents({
          kafka,
          topics: topicsOf(config),
          generator,
          realTime: true,
          durationMs: SETTLE_MS + stepSeconds * 1000,
        }).finally(() => {
          clearInterval(sampler);
          return generator.close();
        });
        const cpuTo = cpuNow(pids);
        const judgedSeconds = (Date.now() - startMs - SETTLE_MS) / 1000;
        const cpuCores = Object.fromEntries(Object.entries(cpuTo).map(([name, s]) => [name, (s - (cpuFrom?.[name] ?? s)) / judgedSeconds]));
        const producedPerSecond = stats.sent / ((Date.now() - startMs) / 1000);
        const verdict = judgeStep(samples, rate, producedPerSecond, LIMITS);
        const step = { rate, producedPerSecond, ...verdict, cpuCores };
        steps.push(step);
        process.stderr.write(
          `  ${rate.toLocaleString('en')} events/s: ${verdict.held ? 'held' : `not held (${verdict.reasons.join('; ')})`}; ` +
            `produced ${Math.round(producedPerSecond).toLocaleString('en')}/s; CPU ${Object.entries(cpuCores)
              .map(([n, c]) => `${n} ${c.toFixed(2)}`)
              .join(', ')}\n`,
        );
        if (!verdict.held) break;
        if (streamAll.child.exitCode !== null || worker.child.exitCode !== null)
          throw new Error(`a process of the pipeline exited:\n${streamAll.logTail()}\n${worker.logTail()}`);
      }
    } finally {
      for (const p of processes) await p.stop();
      await deleteConfiguredTopics(admin, config);
      await admin.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
    const knee = kneeOf(steps) ?? 0;
    const atKnee = steps.find((s) => s.rate === knee);
    const cpu =
      atKnee === undefined
        ? ''
        : `; CPU cores at the knee: ${Object.entries(atKnee.cpuCores)
            .map(([n, c]) => `${n} ${c.toFixed(2)}`)
            .join(', ')}`;
    return {
      name: 'pipeline',
      title: TITLE,
      eventsPerSecond: knee,
      runs: [knee],
      barEventsPerSecond: BAR,
      pipeline: { producerAloneEventsPerSecond: producerAlone, steps },
      note: `steps of ${stepSeconds} s (after ${SETTLE_MS / 1000} s settling) at ${steps.map((s) => `${s.rate.toLocaleString('en')}${s.held ? '' : ' (not held)'}`).join(', ')} events/s; every group within ${LIMITS.maxLagSeconds} s of its input; producer alone ${Math.round(producerAlone).toLocaleString('en')}/s${cpu}`,
    };
  },
};
