import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka } from '../src/adapters/kafka/client';
import { loadConfig, topicsOf } from '../src/config';
import { DEFAULT_GENERATOR_OPTIONS, usersToSustain } from '../src/domain/generator';
import { produceEvents } from '../src/streaming/produce';
import { soakVerdict, type SoakSample } from './soak-verdict';
import {
  deleteConfiguredTopics,
  groupPositions,
  privateStreamEnv,
  rssBytes,
  startStreamify,
  type StreamifyProcess,
} from './stream-processes';

const USAGE = `usage: npm run soak -- [--minutes 30] [--rate 5000] [--warm-up-minutes M]

Runs \`streamify stream all\` as a child process against the configured broker (the local stack by default), with
fresh topics, consumer groups and lake folder, and produces --rate events/s in real time for --minutes. Every 10 s
it prints the child's RSS and each input group's lag; at the end, a verdict: RSS growth after the warm-up (default
a fifth of the run, at most 2 minutes) under 10%, no group's lag growing (last third of the samples against the
first, with a slack of 10 s of input), and the rate produced. Exits 1 when the verdict fails.`;

const SAMPLE_EVERY_MS = 10_000;
const MAX_RSS_GROWTH = 0.1;
/** Lag may rise by this many seconds of input between the thirds: the lake sink commits only when it flushes. */
const LAG_SLACK_SECONDS = 10;
/** Below this share of the asked rate, the producer (not the consumers) was the limit and the run proves little. */
const MIN_RATE_SHARE = 0.95;
const MB = 1 << 20;

interface SoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly warmUpMs: number;
}

function parseOptions(): SoakOptions | undefined {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '5000' },
      'warm-up-minutes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const warmUpMinutes = values['warm-up-minutes'] === undefined ? Math.min(2, minutes / 5) : Number(values['warm-up-minutes']);
  if (!(minutes > 0) || !(rate > 0) || !(warmUpMinutes >= 0) || warmUpMinutes >= minutes)
    throw new Error(`--minutes and --rate must be positive and the warm-up shorter than the run\n${USAGE}`);
  return { minutes, rate, warmUpMs: warmUpMinutes * 60_000 };
}

/** A group's name without this run's stamp. */
const shortName = (group: string, stamp: string): string => group.replace(`-${stamp}`, '');
const clock = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;
const count = (n: number): string => Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const options = parseOptions();
  if (options === undefined) {
    console.log(USAGE);
    return;
  }
  const stamp = `${Date.now().toString(36)}-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'streamify-soak-'));
  // Names of this run only, so that it neither reads nor disturbs anyone else's topics, groups or lake.
  const env = privateStreamEnv('soak', stamp, dir);
  const config = loadConfig({ ...process.env, ...env });
  const topics = topicsOf(config);
  const kafka = createKafka(config);
  const admin = kafka.admin();
  await admin.connect();
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  let verdictPassed = false;
  let streamAll: StreamifyProcess | undefined;
  try {
    streamAll = await startStreamify(['stream', 'all'], env, join(dir, 'stream-all.log'), 'consumers running');
    const { child, exited, logTail } = streamAll;
    console.log(
      `soak: ${options.minutes} min at ${count(options.rate)} events/s against ${config.kafkaBootstrapServers}; stream all is pid ${child.pid}`,
    );
    const generator = {
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: Date.now(),
      ratePerSecond: options.rate,
      users: usersToSustain(options.rate),
    };
    const samples: SoakSample[] = [];
    const startedMs = Date.now();
    let sent = 0;
    const producing = produceEvents({
      kafka,
      topics,
      generator,
      realTime: true,
      durationMs: options.minutes * 60_000,
      signal: stop.signal,
      onProgress: (stats) => (sent = stats.sent),
    });
    const sampler = setInterval(() => {
      if (child.exitCode !== null) return;
      const rss = rssBytes(child.pid!);
      void groupPositions(admin, config).then((positions) => {
        const lag = Object.fromEntries(Object.entries(positions).map(([group, p]) => [group, p.lag]));
        const sample = { elapsedMs: Date.now() - startedMs, rssBytes: rss, lag };
        samples.push(sample);
        const lagText = Object.entries(lag)
          .map(([group, n]) => `${shortName(group, stamp)} ${count(n)}`)
          .join('  ');
        console.log(`${clock(sample.elapsedMs)}  rss ${count(rss / MB)} MB  lag ${lagText}  sent ${count(sent)}`);
      });
    }, SAMPLE_EVERY_MS);
    const stats = await Promise.race([
      producing,
      exited.then((code) => Promise.reject(new Error(`stream all exited with ${code} during the soak:\n${logTail()}`))),
    ]).finally(() => clearInterval(sampler));
    const seconds = (Date.now() - startedMs) / 1000;
    const producedRate = stats.sent / seconds;
    const verdict = soakVerdict(samples, {
      warmUpMs: options.warmUpMs,
      maxRssGrowth: MAX_RSS_GROWTH,
      lagSlack: LAG_SLACK_SECONDS * options.rate,
    });
    const reasons = [...verdict.reasons];
    if (producedRate < MIN_RATE_SHARE * options.rate)
      reasons.push(`the producer reached ${count(producedRate)} events/s of the ${count(options.rate)} asked`);
    console.log(`\nproduced ${count(stats.sent)} events in ${seconds.toFixed(0)} s (${count(producedRate)}/s), ${stats.errors} errors`);
    console.log(
      `RSS after the warm-up: first third to last third ${(verdict.rssGrowth * 100).toFixed(1)}% (limit ${MAX_RSS_GROWTH * 100}%)`,
    );
    for (const l of verdict.lag)
      console.log(
        `lag ${shortName(l.group, stamp)}: first third ${count(l.firstThird)}, last third ${count(l.lastThird)} → ${l.pass ? 'flat' : 'growing'}`,
      );
    verdictPassed = reasons.length === 0;
    console.log(verdictPassed ? 'verdict: PASS' : `verdict: FAIL\n  ${reasons.join('\n  ')}`);
  } finally {
    await streamAll?.stop();
    await deleteConfiguredTopics(admin, config);
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!verdictPassed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
