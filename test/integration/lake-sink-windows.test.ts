import assert from 'node:assert/strict';
import type { KafkaMessage } from 'kafkajs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { localLakeStore } from '../../src/adapters/lake';
import { runSuiteInDuckDb } from '../../src/adapters/quality/duckdb-runner';
import type { WindowResult } from '../../src/domain/analytics';
import { HOUR_MS, hourStartOf } from '../../src/domain/lake';
import { WINDOWS_PER_HOUR, WINDOWS_SUITE } from '../../src/domain/quality';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { lakeSources } from '../../src/streaming/lake-sink';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { freshTopics, readAll } from '../support/kafka';
import { lakeTopics, readLake, runSinkUntil } from '../support/lake';
import { trafficBetween, windowsOf } from '../support/windows';

const config = testConfig();
const kafka = createKafka(config);

/** Publishes windows the way the analytics consumer does: in a committed transaction, and one more in an aborted one. */
async function publishWindows(topic: string, committed: readonly WindowResult[], aborted: WindowResult): Promise<void> {
  const producer = kafka.producer({ transactionalId: uniqueName('windows'), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const message = (w: WindowResult) => ({ key: w.window_start, value: JSON.stringify(w) });
    for (let i = 0; i < committed.length; i += 200) {
      const ok = await producer.transaction();
      await ok.send({ topic, messages: committed.slice(i, i + 200).map(message) });
      await ok.commit();
    }
    const no = await producer.transaction();
    await no.send({ topic, messages: [message(aborted)] });
    await no.abort();
    const poison = await producer.transaction();
    await poison.send({ topic, messages: [{ key: 'poison', value: JSON.stringify({ ...aborted, transactions: -1 }) }] });
    await poison.commit();
  } finally {
    await producer.disconnect();
  }
}

describe('lake sink: the analytics consumer’s windows', () => {
  // A whole closed hour and the minutes around it, so one hour of the lake holds every one of its windows.
  const hourStartMs = hourStartOf(Date.now()) - 3 * HOUR_MS;
  const root = mkdtempSync(join(tmpdir(), 'streamify-lake-windows-'));
  const store = localLakeStore(`file://${root}`);
  let windows: WindowResult[];
  let analytics: string;
  let analyticsDlq: string;

  before(async () => {
    windows = windowsOf(trafficBetween(hourStartMs - 5 * 60_000, hourStartMs + HOUR_MS + 5 * 60_000, 1));
    const topics = await lakeTopics(kafka, 1);
    [analytics] = (await freshTopics(kafka, ['lake-analytics'], 1)) as [string];
    analyticsDlq = `${analytics}.dlq`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: analyticsDlq, numPartitions: 1, replicationFactor: 1 }]).finally(() => admin.disconnect());
    const aborted = { ...(windows[0] as WindowResult), window_start: '2001-01-01T00:00:00.000Z', window_end: '2001-01-01T00:01:00.000Z' };
    await publishWindows(analytics, windows, aborted);
    const sources = lakeSources({ ...topics, analytics, analyticsDlq });
    const stats = await runSinkUntil(
      {
        kafka,
        store,
        sources,
        groupId: uniqueName('lake-windows'),
        policy: { maxMessages: 500, maxAgeMs: 500 },
        emailHashKey: 'k',
        log: testLogger(),
      },
      (s) => s.rows >= windows.length && s.deadLetters >= 1,
    );
    assert.deepEqual([stats.rows, stats.deadLetters], [windows.length, 1]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lands every committed window exactly once, none of the aborted transaction, and the refused one as a dead letter', async () => {
    const rows = await readLake(root, 'windows');
    const starts = rows.map((r) => (r.window_start as Date).toISOString()).sort();
    assert.deepEqual(starts, windows.map((w) => w.window_start).sort());
    const dead = await readAll(kafka, [analyticsDlq], 1);
    assert.equal(dead.length, 1);
    assert.match(deadLetterReason((dead[0] as { message: KafkaMessage }).message) ?? '', /transactions/);
  });

  it('files each window under the hour of its last instant (end exclusive), in a file named from topic, partition and offsets', async () => {
    for (const r of await readLake(root, 'windows')) {
      const iso = new Date((r.window_end as Date).getTime() - 1).toISOString();
      const match = /\/raw\/windows\/(dt=[\d-]+\/hour=\d\d)\/(.+)-(\d+)-(\d+)-(\d+)\.parquet$/.exec(r.filename);
      assert.ok(match, r.filename);
      const [, hour, topic, partition, first, last] = match;
      assert.deepEqual([hour, topic, Number(partition)], [`dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`, analytics, 0]);
      assert.ok(Number(first) <= Number(r.kafka_offset) && Number(r.kafka_offset) <= Number(last), r.filename);
    }
  });

  it('gives the closed hour one window per slide, and its quality suite passes; a missing or repeated window fails it', async () => {
    const iso = new Date(hourStartMs).toISOString();
    const folder = join(root, 'raw', 'windows', `dt=${iso.slice(0, 10)}`, `hour=${iso.slice(11, 13)}`);
    const files = readdirSync(folder).map((f) => join(folder, f));
    const rows = (await readLake(root, 'windows')).filter((r) => files.includes(r.filename));
    assert.equal(rows.length, WINDOWS_PER_HOUR);
    const failed = async (paths: readonly string[]): Promise<string[]> =>
      (
        await runSuiteInDuckDb({
          suite: WINDOWS_SUITE,
          source: { kind: 'parquet', files: { windows: paths } },
          referenceTimeMs: hourStartMs + HOUR_MS,
        })
      )
        .filter((r) => r.status !== 'pass')
        .map((r) => r.check);
    assert.deepEqual(await failed(files), []);

    const gap = join(root, 'gap.parquet');
    const twice = join(root, 'twice.parquet');
    const all = `read_parquet([${files.map((f) => `'${f}'`).join(', ')}], hive_partitioning = false)`;
    await withDuckDb(':memory:', async (db) => {
      await db.run(`COPY (SELECT * FROM ${all} WHERE window_start <> (SELECT max(window_start) FROM ${all})) TO '${gap}' (FORMAT parquet)`);
      await db.run(`COPY (SELECT * FROM ${all} UNION ALL (SELECT * FROM ${all} LIMIT 1)) TO '${twice}' (FORMAT parquet)`);
    });
    assert.deepEqual(await failed([gap]), ['no_gaps']);
    assert.deepEqual(await failed([twice]), ['one_row_per_window', 'no_gaps']);
  });

  it('refuses, by its counts_add_up check, a window whose payment methods do not add up to its transactions', async () => {
    const iso = new Date(hourStartMs).toISOString();
    const folder = join(root, 'raw', 'windows', `dt=${iso.slice(0, 10)}`, `hour=${iso.slice(11, 13)}`);
    const all = `read_parquet([${readdirSync(folder)
      .map((f) => `'${join(folder, f)}'`)
      .join(', ')}], hive_partitioning = false)`;
    const bad = join(root, 'bad-counts.parquet');
    await withDuckDb(':memory:', (db) =>
      db.run(`COPY (SELECT * REPLACE (transactions + 1 AS transactions) FROM ${all}) TO '${bad}' (FORMAT parquet)`),
    );
    const results = await runSuiteInDuckDb({
      suite: WINDOWS_SUITE,
      source: { kind: 'parquet', files: { windows: [bad] } },
      referenceTimeMs: 0,
    });
    const check = results.find((r) => r.check === 'counts_add_up');
    assert.deepEqual([check?.status, check?.failing_rows], ['fail', WINDOWS_PER_HOUR]);
  });
});
