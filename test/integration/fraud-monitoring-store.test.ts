import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { openFraudMonitoringStore, type FraudMonitoringStore } from '../../src/adapters/monitoring/store';
import { createSnowflakePool } from '../../src/adapters/snowflake/pool';
import { runStatement } from '../../src/adapters/snowflake/statements';
import type { Config } from '../../src/config';
import {
  BaselineAccumulator,
  compareWithBaseline,
  summariseWindow,
  windowEndingAt,
  type MonitoringReport,
} from '../../src/domain/monitoring';
import { alertAt } from '../unit/domain/monitoring/alerts';
import { testConfig } from '../support/config';
import { startSnowflakeStandIn } from '../support/snowflake-stand-in';

const windowEnd = '2026-11-20T09:15:00.000Z';

/** A window's report with `critical` CRITICAL alerts and one escalation. */
function reportOf(critical: number, generatedAt: string): MonitoringReport {
  const { windowStart } = windowEndingAt(windowEnd);
  const alerts = Array.from({ length: critical }, (_, i) => alertAt(Date.parse(windowStart) + 1_000 * (i + 1), { severity: 'CRITICAL' }));
  const window = summariseWindow(alerts);
  const baseline = new BaselineAccumulator(Date.parse(windowStart) - 86_400_000).result(true);
  return {
    windowStart,
    windowEnd,
    window,
    baseline,
    comparison: compareWithBaseline(window, baseline, { sigmas: 3, minAlerts: 1 }),
    escalations: [{ key: `critical-burst:${windowEnd}`, kind: 'critical-burst', severity: 'CRITICAL', summary: `${critical} critical` }],
    invalidRecords: 0,
    generatedAt,
  };
}

/** FRAUD_MONITORING's rows as (window end ms, alerts, critical alerts, incident keys, report key). */
type Row = [number, number, number, string, string];

/** The same behaviour from the DuckDB file and from Snowflake (the real snowflake-sdk against the stand-in), as WAREHOUSE says. */
const WAREHOUSES: ReadonlyArray<
  readonly [string, (dir: string) => Promise<{ config: Config; rows: () => Promise<Row[]>; stop: () => Promise<void> }>]
> = [
  [
    'duckdb',
    async (dir) => {
      const config = testConfig({ WAREHOUSE_DUCKDB_PATH: join(dir, 'w.duckdb') });
      const rows = () =>
        withDuckDb(config.warehouseDuckdbPath, async (db) =>
          (
            await db.runAndReadAll(
              'SELECT epoch_ms(window_end) AS e, alerts, critical_alerts, incident_keys, report_json_key FROM FRAUD_MONITORING',
            )
          )
            .getRowObjectsJS()
            .map((r): Row => [
              Number(r.e),
              Number(r.alerts),
              Number(r.critical_alerts),
              String(r.incident_keys),
              String(r.report_json_key),
            ]),
        );
      return { config, rows, stop: async () => {} };
    },
  ],
  [
    'snowflake',
    async (dir) => {
      const credentials = { user: 'STREAMIFY_MONITOR', password: 'stand-in-password' };
      const standIn = await startSnowflakeStandIn(join(dir, 'snowflake'), credentials);
      const config = testConfig({
        WAREHOUSE: 'snowflake',
        SNOWFLAKE_ACCOUNT: 'streamify-test',
        SNOWFLAKE_URL: standIn.url,
        SNOWFLAKE_USER: credentials.user,
        SNOWFLAKE_PASSWORD: credentials.password,
      });
      const pool = createSnowflakePool(config);
      const rows = () =>
        pool.use(async (connection) =>
          (
            await runStatement(
              connection,
              'SELECT WINDOW_END, ALERTS, CRITICAL_ALERTS, INCIDENT_KEYS, REPORT_JSON_KEY FROM FRAUD_MONITORING',
            )
          ).map((r): Row => [
            (r.WINDOW_END as Date).getTime(),
            Number(r.ALERTS),
            Number(r.CRITICAL_ALERTS),
            String(r.INCIDENT_KEYS),
            String(r.REPORT_JSON_KEY),
          ]),
        );
      const stop = async () => {
        await pool.drain();
        await pool.clear();
        await standIn.close();
      };
      return { config, rows, stop };
    },
  ],
];

for (const [warehouse, open] of WAREHOUSES) {
  describe(`FRAUD_MONITORING with WAREHOUSE=${warehouse}`, () => {
    let dir: string;
    let store: FraudMonitoringStore;
    let rows: () => Promise<Row[]>;
    let stop: () => Promise<void>;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'streamify-monitoring-store-'));
      let config: Config;
      ({ config, rows, stop } = await open(dir));
      store = openFraudMonitoringStore(config);
    });
    afterEach(async () => {
      await store.close();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('records one row per window, a second report of the window replacing the first', async () => {
      await store.record(reportOf(2, '2026-11-20T09:16:00.000Z'), 'monitoring/a.json');
      await store.record(reportOf(3, '2026-11-20T09:17:00.000Z'), 'monitoring/b.json');
      assert.deepEqual(await rows(), [[Date.parse(windowEnd), 3, 3, JSON.stringify([`critical-burst:${windowEnd}`]), 'monitoring/b.json']]);
    });
  });
}
