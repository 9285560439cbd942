import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { createKafka } from '../../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../../src/adapters/kafka/topics';
import { lakeWatermark, localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { loadTransformSql } from '../../../src/adapters/transform/sql-files';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import { topicsOf } from '../../../src/config';
import { DEFAULT_GENERATOR_OPTIONS } from '../../../src/domain/generator';
import { HOUR_MS, hourStartOf } from '../../../src/domain/lake';
import { WINDOWS_PER_HOUR } from '../../../src/domain/quality';
import { produceEvents } from '../../../src/streaming/produce';
import { testConfig, uniqueName } from '../../support/config';
import { ORIGINAL_SAMPLE_QUERIES, transformAndLoad } from '../../support/lake-hour';
import { until } from '../../support/until';

describe('from traffic through `stream all` to the warehouse', function () {
  this.timeout(300_000);
  let dir: string;
  let lake: LakeStore | undefined;

  before(() => (dir = mkdtempSync(join(tmpdir(), 'streamify-stream-to-warehouse-'))));
  after(() => {
    lake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lands an hour of traffic and its windows in the lake; its ETL gives one window per slide, the hour’s KPIs once, and answers the sample queries', async () => {
    const hourStartMs = hourStartOf(Date.now()) - 2 * HOUR_MS;
    const lakeUrl = `file://${join(dir, 'lake')}`;
    const env = {
      KAFKA_TOPIC_SALES: uniqueName('e2e-sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('e2e-activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('e2e-alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('e2e-analytics'),
      KAFKA_TOPIC_RULES: uniqueName('e2e-rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
      FRAUD_CONSUMER_GROUP: uniqueName('e2e-fraud'),
      ANALYTICS_CONSUMER_GROUP: uniqueName('e2e-analytics'),
      ANALYTICS_IDLE_TIMEOUT_MS: '5000',
      LAKE_CONSUMER_GROUP: uniqueName('e2e-lake'),
      LAKE_FLUSH_AGE_MS: '2000',
      LAKE_URL: lakeUrl,
      FRAUD_METRICS_PORT: '0',
      LOG_FORMAT: 'json',
    };
    const config = testConfig(env);
    const kafka = createKafka(config);
    await ensureConfiguredTopics(kafka, config);
    // The minute before the hour (its first windows start there), the hour, and two minutes after, so every window closes.
    const startMs = hourStartMs - 2 * 60_000;
    const generator = { ...DEFAULT_GENERATOR_OPTIONS, startMs, ratePerSecond: 2, users: 400 };
    await produceEvents({ kafka, topics: topicsOf(config), generator, realTime: false, durationMs: HOUR_MS + 4 * 60_000 });

    const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'all'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr?.on('data', (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-20_000)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    lake = localLakeStore(lakeUrl);
    const store = lake;
    try {
      await until(
        'the lake holds the hour’s transactions and windows',
        async () =>
          ((await lakeWatermark(store, 'transactions')) ?? 0) >= hourStartMs + HOUR_MS &&
          ((await lakeWatermark(store, 'windows')) ?? 0) >= hourStartMs + HOUR_MS - 1,
        240_000,
      );
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, logs.slice(-2000));

    const warehousePath = join(dir, 'warehouse.duckdb');
    const loaded = await transformAndLoad(store, await loadTransformSql(), duckDbWarehouse(warehousePath), hourStartMs);
    assert.deepEqual([loaded.ANALYTICS_RESULTS, loaded.KPI_METRICS], [WINDOWS_PER_HOUR, 1]);
    await withDuckDb(warehousePath, async (db) => {
      const [w] = (
        await db.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT window_start) AS windows, min(epoch_ms(window_start)) AS first_ms, max(epoch_ms(window_start)) AS last_ms
           FROM ANALYTICS_RESULTS`,
        )
      ).getRowObjectsJS();
      assert.deepEqual(
        [Number(w?.n), Number(w?.windows), Number(w?.first_ms), Number(w?.last_ms)],
        [WINDOWS_PER_HOUR, WINDOWS_PER_HOUR, hourStartMs - 50_000, hourStartMs + HOUR_MS - 60_000],
      );
      const kpis = (await db.runAndReadAll('SELECT transactions FROM KPI_METRICS')).getRowObjectsJS();
      assert.equal(kpis.length, 1);
      for (const sql of ORIGINAL_SAMPLE_QUERIES) assert.ok((await db.runAndReadAll(sql)).getRowObjectsJS().length > 0, sql);
    });
  });
});
