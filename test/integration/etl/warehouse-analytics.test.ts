import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JS } from '@duckdb/node-api';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { loadTransformSql, type TransformSql } from '../../../src/adapters/transform/sql-files';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import type { Warehouse } from '../../../src/adapters/warehouse/warehouse';
import type { WindowResult } from '../../../src/domain/analytics';
import type { GeneratedEvent } from '../../../src/domain/generator';
import { HOUR_MS, hourStartOf } from '../../../src/domain/lake';
import { WINDOWS_PER_HOUR } from '../../../src/domain/quality';
import { ORIGINAL_SAMPLE_QUERIES, purchaseRows, transformAndLoad, writeLakeHour } from '../../support/lake-hour';
import { purchaseRowsOf, trafficBetween, windowRows, windowsOf } from '../../support/windows';

const SLIDE_MS = 10_000;
const WINDOW_MS = 60_000;

describe('the warehouse keeps window results and hourly KPIs, and answers the original system’s queries', () => {
  // Within the last week, so the original fraud query (the last seven days) finds the hour.
  const hourStartMs = hourStartOf(Date.now()) - 2 * HOUR_MS;
  let dir: string;
  let lake: LakeStore;
  let transform: TransformSql;
  let warehouse: Warehouse;
  let warehousePath: string;
  let events: GeneratedEvent[];
  let windows: WindowResult[];
  let loaded: Record<string, number>;

  const query = (sql: string): Promise<Record<string, JS>[]> =>
    withDuckDb(warehousePath, async (db) => (await db.runAndReadAll(sql)).getRowObjectsJS());

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-analytics-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    warehousePath = join(dir, 'warehouse.duckdb');
    warehouse = duckDbWarehouse(warehousePath);
    transform = await loadTransformSql();
    // Traffic through the previous hour, the hour and a little after, and the windows the analytics consumer makes of it.
    events = trafficBetween(hourStartMs - HOUR_MS, hourStartMs + HOUR_MS + 2 * 60_000);
    windows = windowsOf(events);
    const ofHour = (w: WindowResult): number => hourStartOf(Date.parse(w.window_end) - 1);
    // The same hour a day before (other traffic), the previous hour and the hour, each loaded by its own ETL run.
    const dayBeforeMs = hourStartMs - 24 * HOUR_MS;
    await writeLakeHour(lake, 'transactions', dayBeforeMs, purchaseRows(dayBeforeMs));
    await transformAndLoad(lake, transform, warehouse, dayBeforeMs);
    for (const h of [hourStartMs - HOUR_MS, hourStartMs]) {
      await writeLakeHour(lake, 'transactions', h, purchaseRowsOf(events, h, h + HOUR_MS));
      await writeLakeHour(lake, 'windows', h, windowRows(windows.filter((w) => ofHour(w) === h)));
      loaded = await transformAndLoad(lake, transform, warehouse, h);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the hour’s windows in ANALYTICS_RESULTS: one per 10-second slide, each once, with the stream’s figures', async () => {
    const rows = await query(
      `SELECT epoch_ms(window_start) AS start_ms, epoch_ms(window_end) AS end_ms, window_seconds, transactions, total_sales
       FROM ANALYTICS_RESULTS WHERE etl_hour = make_timestamp(${hourStartMs}::BIGINT * 1000) ORDER BY window_start`,
    );
    assert.equal(rows.length, WINDOWS_PER_HOUR);
    assert.equal(loaded.ANALYTICS_RESULTS, WINDOWS_PER_HOUR);
    const firstStartMs = hourStartMs + SLIDE_MS - WINDOW_MS;
    assert.deepEqual(
      rows.map((r) => Number(r.start_ms)),
      Array.from({ length: WINDOWS_PER_HOUR }, (_, i) => firstStartMs + i * SLIDE_MS),
    );
    const byStart = new Map(windows.map((w) => [Date.parse(w.window_start), w]));
    for (const r of rows) {
      const w = byStart.get(Number(r.start_ms)) as WindowResult;
      assert.deepEqual(
        [Number(r.end_ms) - Number(r.start_ms), Number(r.window_seconds), Number(r.transactions), Number(r.total_sales)],
        [WINDOW_MS, 60, w.transactions, w.revenue],
      );
    }
  });

  it('counts distinct users, products and categories and the device mix over each whole window, reaching into the previous hour', async () => {
    const rows = await query(
      `SELECT epoch_ms(window_start) AS start_ms, distinct_users, distinct_products, distinct_categories, device_distribution
       FROM ANALYTICS_RESULTS WHERE etl_hour = make_timestamp(${hourStartMs}::BIGINT * 1000)`,
    );
    for (const r of rows) {
      const startMs = Number(r.start_ms);
      const sold = events.flatMap((e) =>
        e.kind === 'purchase' && e.event.status === 'completed' && e.timeMs >= startMs && e.timeMs < startMs + WINDOW_MS ? [e.event] : [],
      );
      const distinct = (f: (t: (typeof sold)[number]) => string): number => new Set(sold.map(f)).size;
      const devices = JSON.parse(String(r.device_distribution)) as Record<string, number>;
      assert.deepEqual(
        [
          Number(r.distinct_users),
          Number(r.distinct_products),
          Number(r.distinct_categories),
          Object.values(devices).reduce((a, b) => a + b, 0),
        ],
        [distinct((t) => t.user_id), distinct((t) => t.product_id), distinct((t) => t.category), sold.length],
        new Date(startMs).toISOString(),
      );
    }
  });

  it('holds the hour once in KPI_METRICS, from the warehouse’s tables, with growth against the previous hour and the day before', async () => {
    const again = await transformAndLoad(lake, transform, warehouse, hourStartMs);
    assert.deepEqual(again, loaded, 'loading the hour again leaves the same rows');
    const kpis = await query(`SELECT *, epoch_ms(etl_hour) AS hour_ms FROM KPI_METRICS ORDER BY etl_hour`);
    assert.deepEqual(
      kpis.map((k) => Number(k.hour_ms)),
      [hourStartMs - 24 * HOUR_MS, hourStartMs - HOUR_MS, hourStartMs],
    );
    const kpi = kpis[2] as Record<string, JS>;
    const [sales] = await query(
      `SELECT CAST(sum(amount) AS DOUBLE) AS revenue, count(*) AS n FROM RAW_TRANSACTIONS
       WHERE status = 'completed' AND etl_hour = make_timestamp(${hourStartMs}::BIGINT * 1000)`,
    );
    const revenue = Number(sales?.revenue);
    assert.ok(Math.abs(Number(kpi.revenue) - revenue) < 0.005);
    assert.equal(Number(kpi.transactions), Number(sales?.n));
    assert.ok(Math.abs(Number(kpi.avg_order_value) - revenue / Number(sales?.n)) < 1e-6);
    assert.ok(Math.abs(Number(kpi.transactions_per_minute) - Number(sales?.n) / 60) < 1e-9);
    const previous = Number((kpis[1] as Record<string, JS>).revenue);
    const dayBefore = Number((kpis[0] as Record<string, JS>).revenue);
    assert.ok(Math.abs(Number(kpi.revenue_growth_vs_previous_hour) - (revenue - previous) / previous) < 1e-9);
    assert.ok(Math.abs(Number(kpi.revenue_growth_vs_day_before) - (revenue - dayBefore) / dayBefore) < 1e-9);
    assert.equal((kpis[0] as Record<string, JS>).revenue_growth_vs_previous_hour, null, 'no hour before the first');
    assert.ok(Number(kpi.conversion_rate) > 0 && Number(kpi.conversion_rate) <= 1);
    // Users bought in the previous hour too: some of the hour's customers are not first-timers.
    const share = Number(kpi.first_time_customer_share);
    assert.ok(share > 0 && share < 1, String(share));
    assert.equal(typeof kpi.top_category, 'string');
    assert.equal(typeof kpi.top_product_id, 'string');
  });

  it('computes again the KPIs of the hours that compare with an hour loaded after them, as a backfill does', async () => {
    const hourTimestamp = `make_timestamp(${hourStartMs}::BIGINT * 1000)`;
    const growth = async (): Promise<JS[]> =>
      (
        await query(
          `SELECT revenue_growth_vs_previous_hour AS g, revenue_growth_vs_day_before AS d FROM KPI_METRICS WHERE etl_hour = ${hourTimestamp}`,
        )
      ).map((r) => [r.g, r.d] as JS);
    const computed = await growth();
    const forget = (): Promise<unknown> =>
      withDuckDb(warehousePath, (db) =>
        db.run(
          `UPDATE KPI_METRICS SET revenue_growth_vs_previous_hour = NULL, revenue_growth_vs_day_before = NULL WHERE etl_hour = ${hourTimestamp}`,
        ),
      );
    await forget();
    await transformAndLoad(lake, transform, warehouse, hourStartMs - HOUR_MS);
    assert.deepEqual(await growth(), computed, 'loading the hour before computes the hour again');
    await forget();
    await transformAndLoad(lake, transform, warehouse, hourStartMs - 24 * HOUR_MS);
    assert.deepEqual(await growth(), computed, 'and so does loading the same hour a day before');
    await forget();
    await transformAndLoad(lake, transform, warehouse, hourStartMs - 2 * HOUR_MS);
    assert.notDeepEqual(await growth(), computed, 'an hour it does not compare with leaves it');
  });

  it('runs the original README’s three sample queries word for word, each returning the rows its name promises', async () => {
    assert.equal(ORIGINAL_SAMPLE_QUERIES.length, 3);
    const [daily, fraud, products] = await Promise.all(ORIGINAL_SAMPLE_QUERIES.map((sql) => query(sql)));
    assert.ok(daily && daily.length === 7 && daily.every((r) => r.sale_date !== undefined && r.revenue !== undefined));
    assert.ok(fraud && fraud.length > 0 && fraud.every((r) => r.alert_date !== undefined && r.dimension !== undefined));
    assert.ok(products && products.length === 10);
    const revenues = products.map((r) => Number(r.total_revenue));
    assert.deepEqual(
      revenues,
      [...revenues].sort((a, b) => b - a),
      'products by total revenue, highest first',
    );
  });
});
