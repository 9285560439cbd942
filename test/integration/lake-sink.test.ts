import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { createKafka } from '../../src/adapters/kafka/client';
import { snappyCompression } from '../../src/adapters/kafka/compression';
import { createS3Client } from '../../src/adapters/s3/client';
import { datasetProgress, lakeWatermark, localLakeStore, openLakeStore, readProgress, type LakeStore } from '../../src/adapters/lake';
import type { Alert, Transaction } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, type GeneratedEvent } from '../../src/domain/generator';
import { DATASETS, HOUR_MS, hourStartOf, ipPrefix, type DatasetName } from '../../src/domain/lake';
import { MOTO_CREDENTIALS } from '../../src/stack';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { lakeSources, runLakeSink, type LakeSinkOptions } from '../../src/streaming/lake-sink';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { readAll } from '../support/kafka';
import { caughtUp, lakeTopics, readLake, runSinkUntil, type LakeRowRead } from '../support/lake';

const config = testConfig();
const kafka = createKafka(config);
const EMAIL_HASH_KEY = 'lake-sink-test-key';
/** An hour boundary safely in the past, so that generated traffic spans two hours and passes the future-time check. */
const BOUNDARY_MS = hourStartOf(Date.now()) - 3 * HOUR_MS;
const KEY_COLUMN: Record<DatasetName, string> = {
  transactions: 'transaction_id',
  activity: 'event_id',
  alerts: 'alert_id',
  windows: 'window_start',
};

type LakeTopics = Awaited<ReturnType<typeof lakeTopics>>;

function tempLake(): { root: string; store: LakeStore } {
  const root = mkdtempSync(join(tmpdir(), 'streamify-lake-'));
  return { root, store: localLakeStore(`file://${root}`) };
}

function sinkOptions(
  topics: LakeTopics,
  store: LakeStore,
  groupId: string,
  maxMessages: number,
): Omit<LakeSinkOptions, 'signal' | 'onFlush'> {
  return {
    kafka,
    store,
    sources: lakeSources(topics),
    groupId,
    policy: { maxMessages, maxAgeMs: 1000 },
    emailHashKey: EMAIL_HASH_KEY,
    log: testLogger(),
  };
}

/** Generates and produces `count` events from `startMs`; returns them. */
async function produce(topics: LakeTopics, count: number, startMs: number, seed = 42): Promise<GeneratedEvent[]> {
  const options = { ...DEFAULT_GENERATOR_OPTIONS, seed, startMs };
  await produceEvents({ kafka, topics, generator: options, realTime: false, count, batchSize: 1000 });
  return new EventGenerator(options).take(count);
}

const idOf = (e: GeneratedEvent): string => (e.kind === 'purchase' ? e.event.transaction_id : e.event.event_id);

/** Asserts that the dataset holds each id exactly once and nothing else. */
function assertExactlyOnce(rows: readonly LakeRowRead[], dataset: DatasetName, ids: readonly string[]): void {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(String(r[KEY_COLUMN[dataset]]), (seen.get(String(r[KEY_COLUMN[dataset]])) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  assert.deepEqual(twice.slice(0, 5), [], `${dataset}: ${twice.length} ids written more than once`);
  const missing = ids.filter((id) => !seen.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${dataset}: ${missing.length} ids missing`);
  assert.equal(rows.length, ids.length, `${dataset}: nothing but the expected rows`);
}

const purchaseIds = (events: readonly GeneratedEvent[]): string[] => events.filter((e) => e.kind === 'purchase').map(idOf);

async function assertLakeHolds(root: string, events: readonly GeneratedEvent[]): Promise<void> {
  assertExactlyOnce(await readLake(root, 'transactions'), 'transactions', purchaseIds(events));
  assertExactlyOnce(await readLake(root, 'activity'), 'activity', events.filter((e) => e.kind !== 'purchase').map(idOf));
}

function alertAbout(t: Transaction, n: number): Alert {
  return {
    alert_id: `alert-${n}-${t.transaction_id}`,
    transaction_id: t.transaction_id,
    user_id: t.user_id,
    rules: ['high_amount'],
    score: 0.9,
    severity: 'CRITICAL',
    reasons: ['amount 2500.00 > 2000.00'],
    event_time: t.timestamp,
    detected_at: new Date().toISOString(),
    rules_version: 1,
  };
}

/** Sends alerts in one committed transaction and one more in an aborted one, as the fraud consumer's transactions do. */
async function produceAlerts(topic: string, committed: readonly Alert[], aborted: Alert): Promise<void> {
  const producer = kafka.producer({ transactionalId: uniqueName('alerts'), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const message = (a: Alert) => ({ key: a.user_id, value: JSON.stringify(a) });
    const ok = await producer.transaction();
    await ok.send({ topic, messages: committed.map(message), compression: snappyCompression() });
    await ok.commit();
    const no = await producer.transaction();
    await no.send({ topic, messages: [message(aborted)] });
    await no.abort();
  } finally {
    await producer.disconnect();
  }
}

async function sendRaw(topic: string, value: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'poison', value }] });
  await producer.disconnect();
}

describe('lake sink into the real broker and DuckDB', () => {
  describe('over generated traffic across an hour boundary, with alerts and poison', () => {
    const N = 4000;
    const groupId = uniqueName('lake');
    const lake = tempLake();
    let topics: LakeTopics;
    let events: GeneratedEvent[];
    let alerts: Alert[];
    let aborted: Alert;

    before(async () => {
      topics = await lakeTopics(kafka);
      events = await produce(topics, N, BOUNDARY_MS - 2000);
      const purchases = events.filter((e) => e.kind === 'purchase').map((e) => e.event as Transaction);
      alerts = purchases.slice(0, 5).map((t, i) => alertAbout(t, i));
      aborted = alertAbout(purchases[5] as Transaction, 99);
      await produceAlerts(topics.fraud, alerts, aborted);
      await sendRaw(topics.sales, '{"event_type": "purchase", oops');
      await sendRaw(topics.activity, JSON.stringify({ event_type: 'click', event_id: 'e-x' }));
      await sendRaw(topics.fraud, JSON.stringify({ ...alerts[0], alert_id: 'alert-bad', score: 2 }));
      const stats = await runSinkUntil(
        sinkOptions(topics, lake.store, groupId, 300),
        (s) => s.rows >= N + alerts.length && s.deadLetters >= 3,
      );
      assert.deepEqual([stats.rows, stats.deadLetters], [N + alerts.length, 3]);
    });

    after(() => rmSync(lake.root, { recursive: true, force: true }));

    it('writes every event exactly once by id, and only committed alerts', async () => {
      await assertLakeHolds(lake.root, events);
      assertExactlyOnce(
        await readLake(lake.root, 'alerts'),
        'alerts',
        alerts.map((a) => a.alert_id),
      );
    });

    it('files each row under the Hive path of its event-time hour, in a file named from its topic, partition and offsets', async () => {
      const hours = new Set<string>();
      for (const dataset of ['transactions', 'activity', 'alerts'] as const) {
        for (const r of await readLake(lake.root, dataset)) {
          const iso = (r.event_time as Date).toISOString();
          const hour = `dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
          const match = /\/raw\/(\w+)\/(dt=[\d-]+\/hour=\d\d)\/(.+)-(\d+)-(\d+)-(\d+)\.parquet$/.exec(r.filename);
          assert.ok(match, r.filename);
          const [, inDataset, inHour, topic, partition, first, last] = match;
          assert.deepEqual([inDataset, inHour, topic, Number(partition)], [dataset, hour, r.kafka_topic, r.kafka_partition]);
          assert.ok(
            Number(first) <= Number(r.kafka_offset) && Number(r.kafka_offset) <= Number(last),
            `${r.kafka_offset} in ${r.filename}`,
          );
          if (dataset === 'transactions') hours.add(hour);
        }
      }
      assert.equal(hours.size, 2, 'the traffic spans the hour boundary');
    });

    it('writes zstd Parquet files with exactly the columns and types of the datasets', async () => {
      await withDuckDb(':memory:', async (db) => {
        for (const dataset of ['transactions', 'activity', 'alerts'] as const) {
          const glob = `'${lake.root}/raw/${dataset}/**/*.parquet'`;
          const codecs = (await db.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata(${glob})`)).getRowObjectsJS();
          assert.deepEqual(codecs, [{ compression: 'ZSTD' }], dataset);
          const described = (
            await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${glob}, hive_partitioning = false)`)
          ).getRowObjectsJS();
          assert.deepEqual(
            described.map((c) => [c.column_name, c.column_type]),
            DATASETS[dataset].columns.map((c) => [c.name, c.type === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : c.type]),
            dataset,
          );
        }
      });
    });

    it('holds the keyed hash of each email and no address anywhere', async () => {
      const emailOf = new Map(events.flatMap((e) => (e.kind === 'purchase' ? [[e.event.transaction_id, e.event.email] as const] : [])));
      const rows = await readLake(lake.root, 'transactions');
      for (const r of rows) {
        const email = emailOf.get(String(r.transaction_id)) ?? '';
        assert.equal(r.email_hash, createHmac('sha256', EMAIL_HASH_KEY).update(email.toLowerCase()).digest('hex'));
      }
      const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      assert.ok(!text.includes('@'), 'no email address in the lake');
    });

    it('holds no raw IP address or device id: networks and keyed hashes only', async () => {
      const devices = events.flatMap((e) => (e.event.device ? [e.event.device] : []));
      assert.ok(devices.length > 0);
      const rows = [...(await readLake(lake.root, 'transactions')), ...(await readLake(lake.root, 'activity'))];
      const stored = new Set(rows.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string')));
      const ips = new Set(rows.map((r) => r.ip));
      for (const d of devices) {
        assert.ok(!stored.has(d.ip), `no raw IP (${d.ip})`);
        assert.ok(!stored.has(d.device_id), `no raw device id (${d.device_id})`);
        assert.ok(ips.has(ipPrefix(d.ip)), `the network of ${d.ip}`);
      }
    });

    it('sends each poison message to its topic’s dead-letter topic with the reason', async () => {
      const letters = await readAll(kafka, [topics.dlq.sales, topics.dlq.activity, topics.dlq.fraud], 3);
      const reasons = Object.fromEntries(letters.map((l) => [l.topic, deadLetterReason(l.message)]));
      assert.match(reasons[topics.dlq.sales] ?? '', /^not JSON/);
      assert.match(reasons[topics.dlq.activity] ?? '', /event_type/);
      assert.match(reasons[topics.dlq.fraud] ?? '', /^score/);
      assert.equal(letters.length, 3);
    });

    it('records each partition’s progress, and the lake watermark is the oldest of their newest event times', async () => {
      const newest = newestByPartition(await readLake(lake.root, 'transactions'));
      const admin = kafka.admin();
      await admin.connect();
      const ends = new Map((await admin.fetchTopicOffsets(topics.sales)).map((p) => [p.partition, Number(p.high)]));
      await admin.disconnect();
      const progress = await datasetProgress(lake.store, 'transactions');
      assert.deepEqual(
        progress.map((p) => [p.partition, p.maxEventTime, p.committedOffset, p.pending]),
        [0, 1, 2].map((partition) => [partition, new Date(newest.get(partition) ?? 0).toISOString(), ends.get(partition), null]),
      );
      assert.equal(await lakeWatermark(lake.store, 'transactions'), Math.min(...newest.values()));
      assert.equal(await lakeWatermark(lake.store, 'alerts'), lowestNewest(await readLake(lake.root, 'alerts')));
    });

    it('restarted on the same group, it reads only what came after its commits', async () => {
      const more = await produce(topics, 1000, BOUNDARY_MS + 10 * 60_000, 7);
      const stats = await runSinkUntil(sinkOptions(topics, lake.store, groupId, 300), (s) => s.rows >= 1000);
      assert.deepEqual([stats.rows, stats.deadLetters], [1000, 0]);
      await assertLakeHolds(lake.root, [...events, ...more]);
    });
  });

  describe('after a crash', () => {
    const N = 3000;

    /** The store, failing once at the first write `fails` picks. */
    function failingOnce(store: LakeStore, fails: (method: 'put' | 'putFile', key: string, body?: string) => boolean): LakeStore {
      let failed = false;
      const check = (method: 'put' | 'putFile', key: string, body?: string): void => {
        if (!failed && fails(method, key, body)) {
          failed = true;
          throw new Error(`injected failure of ${method} ${key}`);
        }
      };
      return {
        ...store,
        put: async (key, body) => {
          check('put', key, String(body));
          await store.put(key, body);
        },
        putFile: async (key, path) => {
          check('putFile', key);
          await store.putFile(key, path);
        },
      };
    }

    it('deletes the files of a flush that died before its commit, so that the replay cut elsewhere duplicates nothing', async () => {
      const topics = await lakeTopics(kafka, 1);
      const groupId = uniqueName('lake-crash');
      const lake = tempLake();
      try {
        const events = await produce(topics, N, BOUNDARY_MS - 1000);
        // Fails the second file of the flush that spans the hour boundary: the first is then an orphan.
        const written: string[] = [];
        let orphan = '';
        const faulty = failingOnce(lake.store, (method, key) => {
          if (method !== 'putFile' || !key.startsWith('raw/transactions/')) return false;
          const name = key.slice(key.lastIndexOf('/'));
          orphan = written.find((k) => k.endsWith(name)) ?? '';
          written.push(key);
          return orphan !== '';
        });
        await assert.rejects(
          runSinkUntil(sinkOptions(topics, faulty, groupId, 100), () => false),
          /injected failure of putFile raw\/transactions\//,
        );
        assert.ok(existsSync(join(lake.root, orphan)), `the orphan ${orphan} was written`);

        const done = await caughtUp(kafka, groupId, [topics.sales, topics.activity]);
        await runSinkUntil(sinkOptions(topics, lake.store, groupId, 150), done);
        assert.ok(!existsSync(join(lake.root, orphan)), 'the orphan is gone');
        await assertLakeHolds(lake.root, events);
      } finally {
        rmSync(lake.root, { recursive: true, force: true });
      }
    });

    it('counts a flush whose offsets were committed though its progress was not recorded', async () => {
      const topics = await lakeTopics(kafka, 1);
      const groupId = uniqueName('lake-crash');
      const lake = tempLake();
      try {
        const events = await produce(topics, N, BOUNDARY_MS - 1000);
        const purchases = purchaseIds(events).length;
        const faulty = failingOnce(lake.store, (method, key, body) => {
          const progress = method === 'put' && key.startsWith('_watermarks/transactions/') ? JSON.parse(body ?? '{}') : {};
          return progress.pending === null && progress.committedOffset !== null;
        });
        await assert.rejects(
          runSinkUntil(sinkOptions(topics, faulty, groupId, 500), () => false),
          /injected failure of put _watermarks/,
        );
        const stale = await readProgress(lake.store, 'transactions', topics.sales, 0);
        assert.notEqual(stale?.pending, null, 'the crash left a flush pending');

        // Settled once the partition is assigned again, though it has nothing new to read.
        const stop = new AbortController();
        const running = runLakeSink({ ...sinkOptions(topics, lake.store, groupId, 500), signal: stop.signal });
        const deadline = Date.now() + 30_000;
        while ((await readProgress(lake.store, 'transactions', topics.sales, 0))?.pending !== null && Date.now() < deadline)
          await sleep(100);
        stop.abort();
        await running;
        const settled = await readProgress(lake.store, 'transactions', topics.sales, 0);
        assert.deepEqual(
          [settled?.pending, settled?.committedOffset, settled?.maxEventTime],
          [null, purchases, stale?.pending?.maxEventTime],
        );
        assertExactlyOnce(await readLake(lake.root, 'transactions'), 'transactions', purchaseIds(events));
      } finally {
        rmSync(lake.root, { recursive: true, force: true });
      }
    });

    it('loses and repeats no row when the process is killed with SIGKILL mid-stream and started again', async () => {
      const topics = await lakeTopics(kafka);
      const groupId = uniqueName('lake-kill');
      const lake = tempLake();
      try {
        const events = await produce(topics, 20_000, BOUNDARY_MS - 5000);
        const env = {
          ...process.env,
          KAFKA_TOPIC_SALES: topics.sales,
          KAFKA_TOPIC_ACTIVITY: topics.activity,
          KAFKA_TOPIC_FRAUD: topics.fraud,
          LAKE_URL: `file://${lake.root}`,
          LAKE_CONSUMER_GROUP: groupId,
          LAKE_FLUSH_MESSAGES: '250',
          LAKE_FLUSH_AGE_MS: '500',
          EMAIL_HASH_KEY,
          LOG_LEVEL: 'warn',
        };
        const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'lake'], { env, stdio: 'ignore' });
        const deadline = Date.now() + 60_000;
        while (lakeFiles(lake.root).length < 8 && Date.now() < deadline) await sleep(50);
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
        assert.ok(lakeFiles(lake.root).length >= 8, 'the sink wrote files before it was killed');
        const done = await caughtUp(kafka, groupId, [topics.sales, topics.activity]);
        // The killed member holds its partitions until its session times out (30 s): the restart waits that long.
        await runSinkUntil(sinkOptions(topics, lake.store, groupId, 250), done);
        await assertLakeHolds(lake.root, events);
      } finally {
        rmSync(lake.root, { recursive: true, force: true });
      }
    });
  });

  it('writes Parquet files to an s3:// lake on moto, under its prefix, with the watermark beside them', async () => {
    const bucket = uniqueName('lake-sink');
    const c = { lakeUrl: `s3://${bucket}/team/lake`, awsRegion: config.awsRegion, s3Endpoint: `http://127.0.0.1:${config.motoPort}` };
    const s3 = createS3Client(c, MOTO_CREDENTIALS);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    const store = openLakeStore(c, MOTO_CREDENTIALS);
    const local = mkdtempSync(join(tmpdir(), 'streamify-s3-copy-'));
    try {
      const topics = await lakeTopics(kafka);
      const events = await produce(topics, 300, BOUNDARY_MS + 20 * 60_000);
      await runSinkUntil(sinkOptions(topics, store, uniqueName('lake-s3'), 1000), (s) => s.rows >= 300);
      const objects = await store.list('raw/');
      assert.ok(
        objects.some((o) => o.key.endsWith('.parquet')),
        'at least one Parquet file',
      );
      for (const o of objects) {
        const path = join(local, o.key);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, (await store.get(o.key)) ?? Buffer.alloc(0));
      }
      await assertLakeHolds(local, events);
      assert.ok((await lakeWatermark(store, 'transactions')) !== undefined);
    } finally {
      store.close();
      rmSync(local, { recursive: true, force: true });
    }
  });
});

/** The newest event time of each partition's rows. */
function newestByPartition(rows: readonly LakeRowRead[]): Map<number, number> {
  const newest = new Map<number, number>();
  for (const r of rows) {
    const t = (r.event_time as Date).getTime();
    newest.set(Number(r.kafka_partition), Math.max(newest.get(Number(r.kafka_partition)) ?? 0, t));
  }
  return newest;
}

/** The watermark as the rows show it: the oldest of the partitions' newest event times. */
function lowestNewest(rows: readonly LakeRowRead[]): number {
  return Math.min(...newestByPartition(rows).values());
}

/** The Parquet files of a local lake. */
function lakeFiles(root: string): string[] {
  return readdirSync(join(root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
}
