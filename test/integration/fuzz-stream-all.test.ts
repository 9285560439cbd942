import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Kafka, Message } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { topicsOf, type Topics } from '../../src/config';
import { DEFAULT_WINDOW_ENGINE_OPTIONS, type WindowResult } from '../../src/domain/analytics';
import { validateTransaction } from '../../src/domain/events/schema';
import { parseInput } from '../../src/streaming/analytics-stream';
import { DLQ_HEADERS, deadLetterReason } from '../../src/streaming/dead-letter';
import { testConfig } from '../support/config';
import { expectedAlerts } from '../support/fraud';
import { fuzzCorpus, type FuzzMessage } from '../support/fuzz-corpus';
import { ownStreamSettings } from '../support/kafka';
import { readLake } from '../support/lake';
import { readToEnd, type PartitionMessage } from '../support/read-to-end';
import { tempDir, type TempDir } from '../support/temp-files';
import { until } from '../support/until';

const SEED = 2027;
const VALID = 100_000;
const MUTATED = 100_000;
/**
 * Under the broker's 1 MiB limit of the input topics with room for the key and headers: the 10 MB values of the
 * corpus cannot be produced (the first test shows the broker refuses one), so none can reach a consumer.
 */
const MAX_VALUE_BYTES = 900_000;
/** Huge keys and header values up to 16 KB: ten thousand of each, copied to the DLQ by three consumers. */
const MAX_META_BYTES = 16_384;
/** Bytes per produce request, well under the broker's limit on a record batch. */
const SEND_BYTES = 512 * 1024;
/**
 * The RSS the process must stay under. The three consumers hold per-user fraud state (2,000 users), a few minutes of
 * panes and the lake's open hour (flushed every 2 s): tens of MB of state. Kafka batches of up to 1 MB values and
 * their DLQ copies come on top, and V8 keeps garbage until it needs room; a leak per message (200,000 of them, many of
 * tens of KB) would pass it.
 */
const RSS_LIMIT_BYTES = 1.5 * 1024 ** 3;

/** The high watermark of each partition of a topic. */
async function endOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
}

/** True once the group has committed at least `ends` on every partition of the topic. */
async function committedTo(admin: Admin, groupId: string, topic: string, ends: ReadonlyMap<number, number>): Promise<boolean> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return [...ends].every(([partition, end]) => (committed.get(partition) ?? -1) >= end);
}

/** Sends the corpus in its order, each message to its stream's topic, in requests of about SEND_BYTES. */
async function produce(kafka: Kafka, topics: Topics, corpus: readonly FuzzMessage[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    let batch: { topic: string; messages: Message[] }[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (batch.length > 0) await producer.sendBatch({ topicMessages: batch });
      batch = [];
      bytes = 0;
    };
    for (const m of corpus) {
      const topic = m.stream === 'sales' ? topics.sales : topics.activity;
      const message: Message = { key: m.key, value: m.value, headers: m.headers };
      const last = batch.at(-1);
      if (last?.topic === topic) last.messages.push(message);
      else batch.push({ topic, messages: [message] });
      bytes += m.value.length + (m.key?.length ?? 0) + JSON.stringify(m.headers ?? {}).length;
      if (bytes > SEND_BYTES) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
}

/** The resident set of a process, from /proc. */
function rssBytes(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) * 1024;
}

const sourceOf = (m: PartitionMessage): string => `${m.partition}/${m.offset}`;
const letterSourceOf = (m: PartitionMessage): string =>
  `${String(m.headers?.[DLQ_HEADERS.partition])}/${String(m.headers?.[DLQ_HEADERS.offset])}`;

describe('streamify stream all under a fuzz corpus', function () {
  this.timeout(1_200_000);
  let dir: TempDir;
  const env = (): Record<string, string> => ({
    ...ownStreamSettings('fuzz', join(dir.path, 'lake')),
    LAKE_FLUSH_AGE_MS: '2000',
    FRAUD_METRICS_PORT: '0',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  });
  let settings: Record<string, string>;
  let kafka: Kafka;
  let topics: Topics;
  let running: ChildProcess | undefined;

  before(async () => {
    dir = tempDir('fuzz-stream-all');
    settings = env();
    const config = testConfig(settings);
    kafka = createKafka(config);
    topics = topicsOf(config);
    await ensureConfiguredTopics(kafka, config);
  });
  after(async () => {
    // A stream all that did not stop on SIGTERM (a failed test) is not left running.
    if (running?.exitCode === null) running.kill('SIGKILL');
    dir.remove();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const own = Object.values(settings).filter((v) => v.startsWith('fuzz-'));
      const mine = (await admin.listTopics()).filter((t) => own.some((o) => t.startsWith(o)));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a 10 MB value at the producer: the broker’s limit keeps it from every consumer', async () => {
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      const value = JSON.stringify({ event_type: 'purchase', product_name: 'y'.repeat(10 * 1024 * 1024) });
      await assert.rejects(producer.send({ topic: topics.sales, messages: [{ key: 'u', value }] }), /too large|larger than/i);
    } finally {
      await producer.disconnect();
    }
  });

  it(`counts every valid event once and dead-letters every one of ${MUTATED.toLocaleString('en')} mutants, the process alive and bounded`, async () => {
    const corpus = fuzzCorpus({ seed: SEED, valid: VALID, mutated: MUTATED, maxValueBytes: MAX_VALUE_BYTES, maxMetaBytes: MAX_META_BYTES });
    assert.ok(corpus.length >= VALID + MUTATED - 10, `${corpus.length} messages`);
    await produce(kafka, topics, corpus);

    const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'all'], {
      env: { ...process.env, ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let logs = '';
    child.stdout?.on('data', (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-200_000)));
    child.stderr?.on('data', (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-200_000)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let maxRss = 0;
    const sampler = setInterval(() => {
      if (child.exitCode === null && child.pid !== undefined) maxRss = Math.max(maxRss, rssBytes(child.pid));
    }, 250);
    let metricsUrl: string | undefined;
    const admin = kafka.admin();
    await admin.connect();
    let sales: PartitionMessage[];
    let activity: PartitionMessage[];
    let alerts: PartitionMessage[];
    let windows: WindowResult[] = [];
    let late: PartitionMessage[] = [];
    try {
      const salesEnds = await endOffsets(admin, topics.sales);
      const activityEnds = await endOffsets(admin, topics.activity);
      const groups = {
        fraud: settings.FRAUD_CONSUMER_GROUP as string,
        panes: `${settings.ANALYTICS_CONSUMER_GROUP}-panes`,
        lake: settings.LAKE_CONSUMER_GROUP as string,
      };
      const notExited = (): boolean => {
        if (child.exitCode !== null) throw new Error(`stream all exited with ${child.exitCode}: ${logs.slice(-3000)}`);
        return true;
      };
      await until(
        'the fraud, analytics and lake groups have committed to the end of the input topics',
        async () =>
          notExited() &&
          (await committedTo(admin, groups.fraud, topics.sales, salesEnds)) &&
          (await committedTo(admin, groups.panes, topics.sales, salesEnds)) &&
          (await committedTo(admin, groups.panes, topics.activity, activityEnds)) &&
          (await committedTo(admin, groups.lake, topics.sales, salesEnds)) &&
          (await committedTo(admin, groups.lake, topics.activity, activityEnds)),
        900_000,
      );
      // The alerts are complete once the fraud group is at the end; the lake has them once it committed past the last.
      alerts = await readToEnd(kafka, topics.fraud);
      const lastAlerts = new Map<number, number>();
      for (const a of alerts) lastAlerts.set(a.partition, Math.max(lastAlerts.get(a.partition) ?? 0, Number(a.offset) + 1));
      await until(
        'the lake sink has committed past the last alert',
        async () => notExited() && committedTo(admin, groups.lake, topics.fraud, lastAlerts),
      );

      sales = await readToEnd(kafka, topics.sales, 180_000);
      activity = await readToEnd(kafka, topics.activity, 180_000);
      const nowMs = Date.now();
      const completedValid = sales.filter((m) => {
        const v = parseInput(topics, topics.sales, m.value, nowMs);
        return v.ok && v.value.kind === 'purchase' && v.value.event.status === 'completed';
      }).length;
      const perPurchase = DEFAULT_WINDOW_ENGINE_OPTIONS.windowMs / testConfig(settings).analyticsSlideMs;
      // The idle timeout (the default 30 s) closes the last windows. A purchase behind the watermark is late instead:
      // one whose partition fell behind the others for longer than the idle timeout while the backlog is read.
      await until(
        'every completed valid purchase is in its windows or late',
        async () => {
          notExited();
          windows = (await readToEnd(kafka, topics.analytics)).map((m) => JSON.parse(String(m.value)) as WindowResult);
          late = await readToEnd(kafka, topics.analyticsLate);
          const lateCompleted = late.filter((m) => JSON.parse(String(m.value)).status === 'completed').length;
          return windows.reduce((sum, w) => sum + w.transactions, 0) === perPurchase * (completedValid - lateCompleted);
        },
        300_000,
      );

      assert.equal(child.exitCode, null, 'the process is still running');
      metricsUrl = /"metrics":"(http:\/\/127\.0\.0\.1:\d+)\/metrics"/.exec(logs)?.[1];
      assert.ok(metricsUrl, `the metrics address in the log: ${logs.slice(0, 2000)}`);
      assert.equal((await fetch(`${metricsUrl}/healthz`)).status, 200);
    } finally {
      clearInterval(sampler);
      await admin.disconnect();
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, logs.slice(-3000));
    assert.ok(maxRss > 0 && maxRss < RSS_LIMIT_BYTES, `peak RSS ${Math.round(maxRss / 1024 ** 2)} MB`);
    console.log(`      peak RSS ${Math.round(maxRss / 1024 ** 2)} MB; ${windows.length} windows; ${late.length} late`);

    // Validity as the consumers decide it, on the bytes the topics hold.
    const nowMs = Date.now();
    const isValid = (topic: string) => (m: PartitionMessage) => parseInput(topics, topic, m.value, nowMs).ok;
    const validSales = sales.filter(isValid(topics.sales));
    const validActivity = activity.filter(isValid(topics.activity));
    assert.ok(validSales.length + validActivity.length >= VALID, 'every unmutated event is valid');

    // The lake: every valid purchase and activity event once, nothing else.
    const ids = (rows: Record<string, unknown>[], column: string): string[] => rows.map((r) => String(r[column])).sort();
    const idsOf = (messages: PartitionMessage[], column: string): string[] =>
      messages.map((m) => String(JSON.parse(String(m.value))[column])).sort();
    const lakeRoot = join(dir.path, 'lake');
    assert.deepEqual(ids(await readLake(lakeRoot, 'transactions'), 'transaction_id'), idsOf(validSales, 'transaction_id'));
    assert.deepEqual(ids(await readLake(lakeRoot, 'activity'), 'event_id'), idsOf(validActivity, 'event_id'));

    // The alerts: those of the engine over the valid purchases of each partition, each once, and all in the lake.
    const expected = expectedAlerts(validSales.map((m) => ({ partition: m.partition, message: m })))
      .map((a) => a.alert_id)
      .sort();
    assert.ok(expected.length > 0);
    assert.deepEqual(idsOf(alerts, 'alert_id'), expected);
    assert.deepEqual(ids(await readLake(lakeRoot, 'alerts'), 'alert_id'), expected);

    // The DLQs: every invalid message of an input, by its partition and offset, with a reason; no valid one.
    let invalidCount = 0;
    for (const [input, all, dlq] of [
      [topics.sales, sales, topics.dlq.sales],
      [topics.activity, activity, topics.dlq.activity],
    ] as const) {
      const letters = await readToEnd(kafka, dlq, 180_000);
      for (const l of letters) assert.ok((deadLetterReason(l) ?? '').length > 0, `a reason for ${letterSourceOf(l)}`);
      const lettered = new Set(letters.map(letterSourceOf));
      const invalid = all.filter((m) => !isValid(input)(m)).map(sourceOf);
      invalidCount += invalid.length;
      assert.deepEqual(
        invalid.filter((s) => !lettered.has(s)),
        [],
        `every invalid message of ${input} is in ${dlq}`,
      );
      assert.equal(lettered.size, invalid.length, `nothing valid in ${dlq}`);
    }

    assert.ok(invalidCount > MUTATED / 4, `${invalidCount} invalid`);

    // The same corpus through `fraud backtest`: exit 0, every purchase valid to it counted (no bound on future times).
    const file = dir.write('corpus.jsonl', `${corpus.map((m) => m.value.toString('utf8')).join('\n')}\n`);
    const backtest = spawnSync(process.execPath, ['bin/streamify.js', 'fraud', 'backtest', '--input', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    assert.equal(backtest.status, 0, backtest.stderr.slice(0, 2000));
    const backtestValid = corpus.filter((m) => {
      try {
        return validateTransaction(JSON.parse(m.value.toString('utf8')), Number.MAX_SAFE_INTEGER).ok;
      } catch {
        return false;
      }
    }).length;
    assert.ok(backtestValid >= validSales.length);
    assert.match(backtest.stdout, new RegExp(`: ${backtestValid.toLocaleString('en')} purchases,`));
  });
});
