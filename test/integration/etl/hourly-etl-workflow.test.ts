import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError, ApplicationFailure, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { localLakeStore, readJson, type LakeStore } from '../../../src/adapters/lake';
import { duckDbQualityResultsStore } from '../../../src/adapters/quality/duckdb-results-store';
import { connectTemporal, temporalClient } from '../../../src/adapters/temporal/connection';
import { ensureSearchAttributes } from '../../../src/adapters/temporal/search-attributes';
import { ETL_FAILURES, etlReportKeys, type HourlyEtlInput } from '../../../src/domain/etl/contract';
import type { EtlReport } from '../../../src/domain/etl/report';
import type { EtlRunStatus } from '../../../src/domain/etl/search-attributes';
import { curatedHourPrefix } from '../../../src/domain/etl/transform-plan';
import { HOUR_MS, hourPrefix, hourStartOf } from '../../../src/domain/lake';
import { WINDOWS_PER_HOUR } from '../../../src/domain/quality';
import { GATE_FAILED } from '../../../src/domain/quality/gate';
import { formatHour, parseHour } from '../../../src/domain/hour';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../../src/domain/search-attributes';
import { createWorker } from '../../../src/worker';
import { etlStatusQuery, hourlyEtl, pauseSignal, resumeSignal } from '../../../src/workflows/hourly-etl';
import { testConfig, uniqueHourMs, uniqueName } from '../../support/config';
import { keepHistory } from '../../support/histories';
import { purchaseRows, writeClosedLakeHour, writeLakeHour } from '../../support/lake-hour';
import { purchaseRowsOf, trafficBetween, windowRows, windowsOf } from '../../support/windows';
import { until } from '../../support/until';

const DAY_MS = 24 * HOUR_MS;

describe('hourlyEtl workflow on the dev server', () => {
  let dir: string;
  let lake: LakeStore;
  let warehousePath: string;
  let workerConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueName('hourly-etl');
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const hour = formatHour(hourStartMs);
  const rows = purchaseRows(hourStartMs);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-workflow-'));
    warehousePath = join(dir, 'warehouse.duckdb');
    const config = testConfig({ LAKE_URL: `file://${join(dir, 'lake')}`, WAREHOUSE_DUCKDB_PATH: warehousePath, GLUE_MODE: 'local' });
    lake = localLakeStore(config.lakeUrl);
    // The lake sink has written past the end of the hour: the sensor finds it closed.
    await writeClosedLakeHour(lake, hourStartMs, rows);
    // An hour past the lake's retention (30 days before the ETL's hour).
    await writeLakeHour(lake, 'transactions', hourStartMs - 31 * DAY_MS, rows.slice(0, 3), 1);

    workerConnection = await NativeConnection.connect({ address: config.temporalAddress });
    connection = await connectTemporal(config);
    client = temporalClient(connection, config);
    // What the stack's dev server registers at start; a dev server started before they existed learns them here.
    await ensureSearchAttributes(connection, config.temporalNamespace, CUSTOM_SEARCH_ATTRIBUTES);
    worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporalNamespace,
      taskQueue,
      deps: { config, lake, qualityResults: duckDbQualityResultsStore(warehousePath) },
    });
    running = worker.run();
  });

  after(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await workerConnection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The failure of the step that failed the run: the cause of the activity or child failure it ended with. */
  async function childFailure(handle: WorkflowHandle): Promise<ApplicationFailure> {
    const err = await handle.result().then(
      () => assert.fail('the run should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError, String(err));
    const cause = err.cause?.cause;
    assert.ok(cause instanceof ApplicationFailure, String(err.cause));
    return cause;
  }

  const run = (input: HourlyEtlInput) =>
    client.workflow.start(hourlyEtl, { taskQueue, workflowId: uniqueName('hourly-etl'), args: [input] });

  const warehouseCounts = () =>
    withDuckDb(warehousePath, async (db) => {
      const [row] = (
        await db.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT transaction_id) AS ids, (SELECT count(*) FROM ETL_RUNS) AS runs FROM RAW_TRANSACTIONS`,
        )
      ).getRowObjectsJS();
      return { rows: Number(row?.n), ids: Number(row?.ids), runs: Number(row?.runs) };
    });

  /**
   * Whether a visibility query by EtlHour and EtlStatus lists the run: what people type in the Web UI. The hour is a
   * range because the dev server's SQLite visibility never matches `=` on a Datetime.
   */
  const listed = async (workflowId: string, hourOfRun: string, status: EtlRunStatus): Promise<boolean> => {
    const startMs = parseHour(hourOfRun);
    const [from, to] = [startMs, startMs + HOUR_MS].map((ms) => new Date(ms).toISOString());
    const query = `EtlHour >= '${from}' AND EtlHour < '${to}' AND EtlStatus = '${status}'`;
    for await (const execution of client.workflow.list({ query })) if (execution.workflowId === workflowId) return true;
    return false;
  };

  /** Revenue (in cents, as the warehouse's DECIMAL sums it) and completed orders of each category of the rows. */
  const salesByCategory = () => {
    const sales = new Map<string, { cents: number; orders: number }>();
    for (const r of rows.filter((row) => row.status === 'completed')) {
      const s = sales.get(String(r.category)) ?? { cents: 0, orders: 0 };
      sales.set(String(r.category), { cents: s.cents + Math.round(Number(r.amount) * 100), orders: s.orders + 1 });
    }
    return sales;
  };

  /** The chart titled `title` in the page. */
  const chart = (html: string, title: string): string =>
    html.match(new RegExp(`<svg[^>]*><title>${title}</title>[\\s\\S]*?</svg>`))?.[0] ?? assert.fail(`no chart "${title}" in the page`);

  it('takes a closed hour from lake files to warehouse rows, each valid transaction once, and reports it', async () => {
    const handle = await run({ hour, overrideWaitMs: 1_000 });
    const result = await handle.result();

    assert.deepEqual(
      result.quality.map((q) => [q.dataset, q.outcome]),
      [
        ['transactions', 'passed'],
        ['activity', 'empty'],
        ['alerts', 'empty'],
      ],
    );
    assert.deepEqual(
      [
        result.transform.engine,
        result.transform.counts.raw_transactions,
        result.transform.counts.transactions,
        result.load.rows.RAW_TRANSACTIONS,
      ],
      ['duckdb', rows.length, rows.length, rows.length],
    );
    assert.deepEqual(await warehouseCounts(), { rows: rows.length, ids: rows.length, runs: 1 });
    assert.deepEqual(result.reportKeys, etlReportKeys(hour));
    const report = (await readJson(lake, result.reportKeys.json)) as EtlReport;
    assert.deepEqual([report.hour, report.load.rows.RAW_TRANSACTIONS], [hour, rows.length]);
    const expected = salesByCategory();
    assert.deepEqual(
      report.sales.byCategory.map((c) => [c.name, Math.round(c.revenue * 100), c.orders]).sort(),
      [...expected].map(([name, s]) => [name, s.cents, s.orders]).sort(),
    );
    const html = (await lake.get(result.reportKeys.html))?.toString('utf8') ?? assert.fail('no HTML report in the lake');
    const revenueChart = chart(html, 'revenue by category');
    const ordersChart = chart(html, 'orders by category');
    for (const [category, s] of expected) {
      const money = (s.cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      assert.ok(revenueChart.includes(`>${category}</text>`) && revenueChart.includes(`>${money}</text>`), `${category}: ${money}`);
      assert.ok(ordersChart.includes(`>${s.orders}</text>`), `${category}: ${s.orders} orders`);
    }
    assert.equal(result.retention.lakeObjectsDeleted, 1);
    assert.deepEqual(await lake.list(`${hourPrefix('transactions', hourStartMs - 31 * DAY_MS)}/`), []);
    assert.equal((await handle.query(etlStatusQuery)).step, 'done');
    await until('the run is listed by EtlHour and EtlStatus = completed', () => listed(handle.workflowId, hour, 'completed'));

    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../../../src/workflows') },
      await handle.fetchHistory(),
      handle.workflowId,
    );
    await keepHistory(handle, 'hourlyEtl-passed');
  });

  it('holds a paused run before its next step, and a resumed rerun of the hour leaves the warehouse as it was', async () => {
    const handle = await client.workflow.signalWithStart(hourlyEtl, {
      taskQueue,
      workflowId: uniqueName('hourly-etl'),
      args: [{ hour, overrideWaitMs: 1_000 }],
      signal: pauseSignal,
      signalArgs: [],
    });
    const paused = await handle.query(etlStatusQuery);
    assert.deepEqual([paused.paused, paused.step, paused.finished], [true, 'health', {}]);
    await until('the run is listed with EtlStatus = paused', () => listed(handle.workflowId, hour, 'paused'));

    await handle.signal(resumeSignal);
    const result = await handle.result();
    assert.equal(result.load.rows.RAW_TRANSACTIONS, rows.length);
    assert.deepEqual(await warehouseCounts(), { rows: rows.length, ids: rows.length, runs: 2 });
  });

  it('stops before the transform when an hour fails its data-quality gate and no one overrides it', async () => {
    const badHourMs = hourStartMs - 2 * HOUR_MS;
    await writeLakeHour(
      lake,
      'transactions',
      badHourMs,
      purchaseRows(badHourMs).map((r, i) => (i < 3 ? { ...r, amount: -5 } : r)),
    );
    const handle = await run({ hour: formatHour(badHourMs), overrideWaitMs: 500 });
    const cause = await childFailure(handle);
    assert.equal(cause.type, GATE_FAILED);
    await keepHistory(handle, 'hourlyEtl-gate-failed');
    const status = await handle.query(etlStatusQuery);
    assert.deepEqual([status.step, Object.keys(status.finished)], ['failed', ['health', 'sensor']]);
    await until('the run is listed with EtlStatus = failed', () => listed(handle.workflowId, formatHour(badHourMs), 'failed'));
    assert.deepEqual(await lake.list(`${curatedHourPrefix('transactions', badHourMs)}/`), []);
  });

  it('fails for good, naming the watermark, when the lake does not close the hour before the deadline', async () => {
    const handle = await run({ hour: formatHour(hourStartMs + HOUR_MS), closeWaitMs: 1 });
    const cause = await childFailure(handle);
    assert.equal(cause.type, ETL_FAILURES.hourNotClosed);
    assert.match(cause.message, /did not close .* watermark/);
  });

  it('loads the hour’s windows into ANALYTICS_RESULTS, one per slide and each once, and the hour once into KPI_METRICS', async () => {
    const windowsHourMs = hourStartMs - 5 * HOUR_MS;
    const events = trafficBetween(windowsHourMs - HOUR_MS, windowsHourMs + HOUR_MS + 2 * 60_000, 1);
    const windows = windowsOf(events).filter((w) => hourStartOf(Date.parse(w.window_end) - 1) === windowsHourMs);
    for (const h of [windowsHourMs - HOUR_MS, windowsHourMs]) {
      await writeLakeHour(lake, 'transactions', h, purchaseRowsOf(events, h, h + HOUR_MS));
    }
    await writeLakeHour(lake, 'windows', windowsHourMs, windowRows(windows));

    const result = await (await run({ hour: formatHour(windowsHourMs), overrideWaitMs: 1_000 })).result();

    assert.deepEqual(
      [result.transform.counts.analytics_results, result.load.rows.ANALYTICS_RESULTS, result.load.rows.KPI_METRICS],
      [WINDOWS_PER_HOUR, WINDOWS_PER_HOUR, 1],
    );
    const [row] = await withDuckDb(warehousePath, async (db) =>
      (
        await db.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT window_start) AS windows,
             (SELECT count(*) FROM KPI_METRICS WHERE etl_hour = make_timestamp(${windowsHourMs}::BIGINT * 1000)) AS kpis
           FROM ANALYTICS_RESULTS WHERE etl_hour = make_timestamp(${windowsHourMs}::BIGINT * 1000)`,
        )
      ).getRowObjectsJS(),
    );
    assert.deepEqual([Number(row?.n), Number(row?.windows), Number(row?.kpis)], [WINDOWS_PER_HOUR, WINDOWS_PER_HOUR, 1]);

    // The report shows the hour's KPIs; the hours it is compared with were never loaded here.
    const report = (await readJson(lake, result.reportKeys.json)) as EtlReport;
    const completed = purchaseRowsOf(events, windowsHourMs, windowsHourMs + HOUR_MS).filter((r) => r.status === 'completed').length;
    assert.deepEqual(
      [report.kpis?.hour?.hour, report.kpis?.hour?.transactions, report.kpis?.previousHour, report.kpis?.dayBefore],
      [formatHour(windowsHourMs), completed, null, null],
    );
    assert.ok((report.kpis?.hour?.conversionRate ?? 0) > 0);
    assert.deepEqual(
      report.sales.windows?.map((w) => w.start),
      windows.map((w) => w.window_start),
      'the report lists every window of the hour once, in time order',
    );
    const html = String(await lake.get(result.reportKeys.html));
    assert.match(html, /<h2>KPIs<\/h2>/);
    assert.match(html, /<title>revenue per window<\/title>/);
  });
});
