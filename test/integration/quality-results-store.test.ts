import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openQualityResultsStore, type QualityResultsStore, type QualityRun } from '../../src/adapters/quality/results-store';
import type { CheckResult } from '../../src/domain/quality';
import { testConfig } from '../support/config';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../support/snowflake-stand-in';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const hourStartMs = Date.parse('2026-11-20T09:00:00Z');

const volume = (totalRows: number, observed: number | null = 0.4): CheckResult => ({
  check: 'transactions_volume',
  type: 'volume_anomaly',
  dataset: 'transactions',
  severity: 'warn',
  status: observed === null ? 'fail' : 'pass',
  observed,
  threshold: 3,
  failing_rows: 0,
  total_rows: totalRows,
  samples: [],
  message: `${totalRows} rows`,
});

const notNull: CheckResult = {
  check: 'transaction_id_not_null',
  type: 'not_null',
  dataset: 'transactions',
  severity: 'error',
  status: 'fail',
  observed: 0.5,
  threshold: 1,
  failing_rows: 2,
  total_rows: 4,
  samples: ['t-1', "t-'2"],
  message: '2 of 4 rows are null',
};

const run = (runId: string, startMs: number, checkedAtMs: number, results: CheckResult[]): QualityRun => ({
  runId,
  dataset: 'transactions',
  hourStartMs: startMs,
  checkedAtMs,
  results,
});

/** The same behaviour from the DuckDB file and from Snowflake (the real snowflake-sdk against the stand-in). */
const STORES: ReadonlyArray<readonly [string, (dir: string) => Promise<{ store: QualityResultsStore; stop: () => Promise<void> }>]> = [
  [
    'DuckDB',
    async (dir) => ({ store: openQualityResultsStore(testConfig({ WAREHOUSE_DUCKDB_PATH: join(dir, 'w.duckdb') })), stop: async () => {} }),
  ],
  [
    'Snowflake',
    async (dir) => {
      const credentials = { user: 'STREAMIFY_DQ', password: 'stand-in-password' };
      const standIn: SnowflakeStandIn = await startSnowflakeStandIn(join(dir, 'snowflake'), credentials);
      const store = openQualityResultsStore(
        testConfig({
          WAREHOUSE: 'snowflake',
          SNOWFLAKE_ACCOUNT: 'streamify-test',
          SNOWFLAKE_URL: standIn.url,
          SNOWFLAKE_USER: credentials.user,
          SNOWFLAKE_PASSWORD: credentials.password,
        }),
      );
      return { store, stop: () => standIn.close() };
    },
  ],
];

for (const [warehouse, open] of STORES) {
  describe(`data-quality results store on ${warehouse}`, () => {
    let dir: string;
    let store: QualityResultsStore;
    let stop: () => Promise<void>;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'streamify-dq-store-'));
      ({ store, stop } = await open(dir));
    });
    afterEach(async () => {
      await store.close();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('records a run once however often it is recorded, and reads every field back in check order', async () => {
      await store.recordRun(run('dq/1', hourStartMs, hourStartMs + 5_000, [volume(10)]));
      await store.recordRun(run('dq/1', hourStartMs, hourStartMs + 6_000, [notNull, volume(12, null)]));
      await store.recordRun(run('dq/2', hourStartMs + HOUR_MS, hourStartMs + 7_000, [volume(99)]));

      const recorded = { runId: 'dq/1', hourStartMs, checkedAtMs: hourStartMs + 6_000 };
      assert.deepEqual(await store.resultsOfHour(hourStartMs), [
        { ...notNull, ...recorded },
        { ...volume(12, null), ...recorded },
      ]);
    });

    it('gives the latest counted volume of each asked hour, oldest first, skipping checks that counted nothing', async () => {
      const [twoDaysAgo, yesterday, today] = [hourStartMs - 2 * DAY_MS, hourStartMs - DAY_MS, hourStartMs];
      await store.recordRun(run('dq/a', twoDaysAgo, twoDaysAgo + 1_000, [volume(100)]));
      await store.recordRun(run('dq/b', twoDaysAgo, twoDaysAgo + 2_000, [volume(120)]));
      await store.recordRun(run('dq/c', yesterday, yesterday + 1_000, [volume(90)]));
      await store.recordRun(run('dq/d', yesterday, yesterday + 2_000, [volume(0, null)]));
      await store.recordRun(run('dq/e', today, today + 1_000, [volume(70)]));

      assert.deepEqual(await store.rowCounts('transactions', [yesterday, twoDaysAgo]), [120, 90]);
      assert.deepEqual(await store.rowCounts('alerts', [yesterday]), []);
      assert.deepEqual(await store.rowCounts('transactions', []), []);
    });

    it('records an override once, with its reason and author', async () => {
      const override = {
        runId: 'dq/1',
        dataset: 'transactions',
        hourStartMs,
        reason: 'known outage',
        by: 'ops',
        atMs: hourStartMs + 9_000,
      } as const;
      await store.recordOverride({ ...override, reason: 'first try' });
      await store.recordOverride(override);
      assert.deepEqual(await store.overridesOfHour(hourStartMs), [override]);
      assert.deepEqual(await store.overridesOfHour(hourStartMs + HOUR_MS), []);
    });

    it('purges the results and overrides of hours before a cutoff, and keeps the rest', async () => {
      const before = hourStartMs - HOUR_MS;
      await store.recordRun(run('dq/old', before, hourStartMs, [notNull, volume(5)]));
      await store.recordRun(run('dq/new', hourStartMs, hourStartMs + 1_000, [volume(7)]));
      const override = { dataset: 'transactions', reason: 'known outage', by: 'ops@example.com', atMs: hourStartMs + 2_000 } as const;
      await store.recordOverride({ ...override, runId: 'dq/old', hourStartMs: before });
      await store.recordOverride({ ...override, runId: 'dq/new', hourStartMs });

      assert.equal(await store.purgeOlderThan(hourStartMs), 3, 'two results and an override');
      assert.equal(await store.purgeOlderThan(hourStartMs), 0);
      assert.deepEqual(await store.resultsOfHour(before), []);
      assert.deepEqual(await store.overridesOfHour(before), []);
      assert.equal((await store.resultsOfHour(hourStartMs)).length, 1);
      assert.equal((await store.overridesOfHour(hourStartMs)).length, 1);
    });
  });
}
