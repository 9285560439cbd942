import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlLiteral } from '../../src/domain/quality/sql-text';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { runSuiteInDuckDb, type DuckDbSource } from '../../src/adapters/quality';
import { DATASETS, type DatasetName } from '../../src/domain/lake/datasets';
import { RAW_SUITES, WINDOWS_PER_HOUR, summarizeResults, type CheckResult, type CheckType } from '../../src/domain/quality';
import { CHECK_TYPES } from '../support/check-types';

const HOUR_END_MS = Date.parse('2026-11-25T13:00:00Z');
/** Seven earlier days of the same hour, each about as big as the 20-row test hour. */
const SMALL_HISTORY = [20, 19, 21, 20, 22, 18, 20];
/** Seven earlier days of the same hour at a thousand rows: 20 rows is a collapse. */
const BIG_HISTORY = [1000, 1010, 990, 1005, 995, 1020, 980];
const ROWS = 20;

/** A valid value of every contract column, as SQL over the row number `i`; ids line up so alerts refer to transactions. */
const GOOD: Record<string, string> = {
  transaction_id: `'t-' || lpad(i::VARCHAR, 3, '0')`,
  event_id: `'e-' || lpad(i::VARCHAR, 3, '0')`,
  alert_id: `'a-' || lpad(i::VARCHAR, 3, '0')`,
  event_type: `'page_view'`,
  user_id: `'u-' || (i % 7)`,
  // Every three minutes from 12:00, so the newest event of 20 is at 12:57, three minutes before the hour's end.
  event_time: `TIMESTAMPTZ '2026-11-25 12:00:00+00' + to_seconds(i * 180)`,
  detected_at: `TIMESTAMPTZ '2026-11-25 12:00:01+00' + to_seconds(i * 180)`,
  amount: `10.5 + i`,
  currency: `'USD'`,
  product_id: `'p-' || i`,
  product_name: `'Widget'`,
  category: `'electronics'`,
  quantity: `1 + i % 3`,
  payment_method: `'credit_card'`,
  status: `'completed'`,
  email_hash: `sha256('user-' || i)`,
  card_last4: `'4242'`,
  session_id: `'s-' || i`,
  country: `'US'`,
  city: `'New York'`,
  lat: `40.71`,
  lon: `-74.01`,
  device_id: `'d-' || i`,
  device_type: `'mobile'`,
  device_os: `'iOS'`,
  ip: `'203.0.113.7'`,
  user_segment: `'normal'`,
  is_fraud: `false`,
  fraud_pattern: `NULL`,
  rules: `['high_amount']`,
  score: `0.9`,
  severity: `'CRITICAL'`,
  reasons: `['amount 2500.00 > 2000.00']`,
  rules_version: `1`,
  // Windows: one per 10-second slide, each a minute long, ending in the hour 12:00–13:00 (the first ends 12:00:10).
  window_start: `TIMESTAMPTZ '2026-11-25 11:59:10+00' + to_seconds(i * 10)`,
  window_end: `TIMESTAMPTZ '2026-11-25 12:00:10+00' + to_seconds(i * 10)`,
  window_seconds: `60`,
  revenue: `20.5`,
  transactions: `2`,
  avg_order_value: `10.25`,
  sessions: `4`,
  converted_sessions: `1`,
  conversion_rate: `0.25`,
  alerts: `0`,
  alert_rate: `0`,
  late_events: `0`,
  top_categories: `'[{"category":"books","revenue":20.5,"units":2}]'`,
  top_categories_by_units: `'[{"category":"books","revenue":20.5,"units":2}]'`,
  top_products: `'[]'`,
  top_products_by_units: `'[]'`,
  by_country: `'[{"name":"US","revenue":20.5,"transactions":2}]'`,
  by_city: `'[]'`,
  payment_methods: `'[{"method":"paypal","transactions":1},{"method":"credit_card","transactions":1}]'`,
  kafka_topic: `'topic'`,
  kafka_partition: `0`,
  kafka_offset: `i`,
};

interface Shape {
  from?: number;
  to?: number;
  /** SQL per column replacing the good value. */
  set?: Record<string, string>;
  /** Columns written with another type than the contract's. */
  retype?: Record<string, string>;
  drop?: string[];
  extra?: Record<string, string>;
}

let dir: string;
const file = (name: string): string => join(dir, `${name}.parquet`);

async function writeParquet(name: string, dataset: DatasetName, shape: Shape = {}): Promise<string> {
  const columns = DATASETS[dataset].columns
    .filter((c) => !shape.drop?.includes(c.name))
    .map((c) => `CAST((${shape.set?.[c.name] ?? GOOD[c.name]}) AS ${shape.retype?.[c.name] ?? c.type}) AS "${c.name}"`);
  const extra = Object.entries(shape.extra ?? {}).map(([n, sql]) => `${sql} AS "${n}"`);
  await withDuckDb(':memory:', async (db) => {
    const select = `SELECT ${[...columns, ...extra].join(', ')} FROM range(${shape.from ?? 0}, ${shape.to ?? ROWS}) t(i)`;
    await db.run(`COPY (${select}) TO ${sqlLiteral(file(name))} (FORMAT parquet)`);
  });
  return file(name);
}

const when = (rows: number[], value: string, column: string): string =>
  `CASE WHEN i IN (${rows.join(', ')}) THEN ${value} ELSE ${GOOD[column]} END`;

async function run(dataset: DatasetName, source: DuckDbSource, volumeHistory = SMALL_HISTORY): Promise<Map<string, CheckResult>> {
  const results = await runSuiteInDuckDb({ suite: RAW_SUITES[dataset], source, referenceTimeMs: HOUR_END_MS, volumeHistory });
  assert.deepEqual(
    results.map((r) => r.check),
    RAW_SUITES[dataset].checks.map((c) => c.name),
    'one result per check, in suite order',
  );
  for (const r of results) assert.ok(r.samples.length <= 5, `${r.check} returns at most 5 samples`);
  return new Map(results.map((r) => [r.check, r]));
}

const parquet = (files: Partial<Record<DatasetName, string[]>>): DuckDbSource => ({ kind: 'parquet', files });
const get = (results: Map<string, CheckResult>, name: string): CheckResult => {
  const r = results.get(name);
  assert.ok(r, `a result for ${name}`);
  return r;
};
const summary = (r: CheckResult) => ({ status: r.status, failing_rows: r.failing_rows, total_rows: r.total_rows, samples: r.samples });

describe('data-quality checks in DuckDB', () => {
  const good: Partial<Record<DatasetName, string[]>> = {};
  const failedTypes = new Set<CheckType>();
  const noteFailures = (results: Map<string, CheckResult>): void => {
    for (const r of results.values()) if (r.status !== 'pass') failedTypes.add(r.type);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-quality-'));
    // Two files for one hour, as the lake sink writes one per partition and offset range.
    good.transactions = [await writeParquet('tx-a', 'transactions', { to: 10 }), await writeParquet('tx-b', 'transactions', { from: 10 })];
    good.activity = [await writeParquet('activity', 'activity')];
    good.alerts = [await writeParquet('alerts', 'alerts')];
    good.windows = [await writeParquet('windows', 'windows', { to: WINDOWS_PER_HOUR })];
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every check of every raw suite on a good hour of Parquet files, each check type measured', async () => {
    const measured = new Set<CheckType>();
    for (const dataset of Object.keys(RAW_SUITES) as DatasetName[]) {
      const results = await run(dataset, parquet(good));
      for (const r of results.values()) {
        assert.equal(r.status, 'pass', `${dataset}.${r.check}: ${r.message}`);
        if (r.observed !== null) measured.add(r.type);
      }
      assert.equal(summarizeResults([...results.values()]).gatePassed, true);
    }
    assert.deepEqual([...measured].sort(), [...CHECK_TYPES].sort());
  });

  it('gives the same results from tables of a DuckDB database file as from the Parquet files', async () => {
    const database = join(dir, 'warehouse.duckdb');
    const tables = { transactions: 'raw_transactions', activity: 'raw_activity', alerts: 'fraud_alerts' } as const;
    await withDuckDb(database, async (db) => {
      for (const [dataset, table] of Object.entries(tables)) {
        const paths = good[dataset as DatasetName] ?? [];
        await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true)`);
      }
    });
    for (const dataset of Object.keys(tables) as DatasetName[]) {
      const fromTables = await run(dataset, { kind: 'database', path: database, tables });
      assert.deepEqual([...fromTables.values()], [...(await run(dataset, parquet(good))).values()]);
    }
  });

  it('fails every row check of transactions on bad rows, with the counts and the first five failing keys', async () => {
    const bad = await writeParquet('tx-bad', 'transactions', {
      set: {
        user_id: when([2, 4], 'NULL', 'user_id'),
        transaction_id: when([18, 19], `'t-000'`, 'transaction_id'),
        amount: `CASE WHEN i = 5 THEN -3 WHEN i = 6 THEN 2000000 WHEN i = 7 THEN 'NaN'::DOUBLE ELSE ${GOOD.amount} END`,
        quantity: when([8], '0', 'quantity'),
        status: when([10, 11, 12, 13, 14, 15, 16, 17], `'lost'`, 'status'),
        payment_method: when([9], `'cash'`, 'payment_method'),
        currency: when([3], `'usd'`, 'currency'),
        email_hash: when([1], `'jane@example.com'`, 'email_hash'),
        card_last4: when([11], `'42a2'`, 'card_last4'),
        device_type: when([0, 1, 2], `'fridge'`, 'device_type'),
        // Every event in the hour's first ten minutes: the stream stalled.
        event_time: `TIMESTAMPTZ '2026-11-25 12:00:00+00' + to_seconds(i * 30)`,
      },
    });
    const r = await run('transactions', parquet({ transactions: [bad] }), BIG_HISTORY);
    noteFailures(r);
    const fail = (failing_rows: number, samples: string[]) => ({ status: 'fail', failing_rows, total_rows: ROWS, samples });
    assert.deepEqual(summary(get(r, 'required')), fail(2, ['t-002', 't-004']));
    assert.deepEqual(summary(get(r, 'transaction_id_unique')), fail(3, ['t-000']));
    assert.deepEqual(summary(get(r, 'amount_non_negative')), fail(2, ['t-005', 't-007']));
    assert.deepEqual(summary(get(r, 'amount_range')), fail(3, ['t-005', 't-006', 't-007']));
    assert.deepEqual(summary(get(r, 'quantity_range')), fail(1, ['t-008']));
    assert.deepEqual(summary(get(r, 'status_values')), fail(8, ['t-010', 't-011', 't-012', 't-013', 't-014']));
    assert.deepEqual(summary(get(r, 'payment_method_values')), fail(1, ['t-009']));
    assert.deepEqual(summary(get(r, 'currency_values')), fail(1, ['t-003']));
    assert.deepEqual(summary(get(r, 'currency_format')), fail(1, ['t-003']));
    assert.deepEqual(summary(get(r, 'email_hash_format')), fail(1, ['t-001']));
    assert.deepEqual(summary(get(r, 'card_last4_format')), fail(1, ['t-011']));
    // Warn-level checks report without failing the gate.
    assert.deepEqual(summary(get(r, 'device_type_values')), { ...fail(3, ['t-000', 't-001', 't-002']), status: 'warn' });
    assert.equal(get(r, 'volume').status, 'warn');
    assert.ok((get(r, 'volume').observed as number) < -4, get(r, 'volume').message);
    assert.deepEqual([get(r, 'freshness').status, get(r, 'freshness').observed], ['warn', (60 - 9.5) * 60_000]);
    assert.equal(get(r, 'row_count').status, 'pass');
    assert.equal(get(r, 'schema').status, 'pass');
    assert.equal(summarizeResults([...r.values()]).gatePassed, false);
  });

  it('fails the activity checks on duplicated ids, missing sessions and unknown event types', async () => {
    const bad = await writeParquet('activity-bad', 'activity', {
      set: {
        event_id: when([1], `'e-000'`, 'event_id'),
        session_id: when([4], 'NULL', 'session_id'),
        event_type: when([6, 7], `'click'`, 'event_type'),
      },
    });
    const r = await run('activity', parquet({ activity: [bad] }));
    noteFailures(r);
    assert.deepEqual(get(r, 'event_id_unique').samples, ['e-000']);
    assert.deepEqual(get(r, 'required').samples, ['e-004']);
    assert.deepEqual(get(r, 'event_type_values').samples, ['e-006', 'e-007']);
    assert.deepEqual(
      [...r.values()].filter((x) => x.status !== 'pass').map((x) => x.check),
      ['required', 'event_id_unique', 'event_type_values'],
    );
  });

  it('fails an alert that refers to an unknown transaction, and alerts with bad severities, scores and ids', async () => {
    const bad = await writeParquet('alerts-bad', 'alerts', {
      set: {
        transaction_id: when([0, 1], `'t-999'`, 'transaction_id'),
        severity: when([2], `'SEVERE'`, 'severity'),
        score: when([3], '1.5', 'score'),
        alert_id: when([5], `'a-004'`, 'alert_id'),
        rules_version: when([6], '-1', 'rules_version'),
      },
    });
    const r = await run('alerts', parquet({ alerts: [bad], transactions: good.transactions ?? [] }));
    noteFailures(r);
    assert.deepEqual(summary(get(r, 'transaction_known')), {
      status: 'fail',
      failing_rows: 2,
      total_rows: ROWS,
      samples: ['a-000', 'a-001'],
    });
    assert.deepEqual(get(r, 'severity_values').samples, ['a-002']);
    assert.deepEqual(get(r, 'score_range').samples, ['a-003']);
    assert.deepEqual(get(r, 'alert_id_unique_per_severity').samples, ['a-004|CRITICAL']);
    assert.deepEqual(get(r, 'rules_version_non_negative').samples, ['a-006']);
  });

  it('fails the row count of an empty hour, and cannot measure its freshness', async () => {
    const empty = await writeParquet('tx-empty', 'transactions', { to: 0 });
    const r = await run('transactions', parquet({ transactions: [empty] }));
    noteFailures(r);
    assert.deepEqual([get(r, 'row_count').status, get(r, 'row_count').observed], ['fail', 0]);
    assert.deepEqual([get(r, 'freshness').status, get(r, 'freshness').observed], ['warn', null]);
    assert.equal(get(r, 'required').status, 'pass', 'no rows, no failing rows');
  });

  it('detects schema drift when one file of the hour writes a column with another type, and still judges its values', async () => {
    const drifted = await writeParquet('tx-drift', 'transactions', { from: 10, retype: { amount: 'VARCHAR' } });
    const r = await run('transactions', parquet({ transactions: [good.transactions?.[0] ?? '', drifted] }));
    noteFailures(r);
    assert.deepEqual(summary(get(r, 'schema')), {
      status: 'fail',
      failing_rows: 1,
      total_rows: DATASETS.transactions.columns.length,
      samples: ['amount DOUBLE → VARCHAR'],
    });
    assert.equal(get(r, 'amount_range').status, 'pass');
  });

  it('reports missing and extra columns, and fails the checks that need a missing column instead of throwing', async () => {
    const drifted = await writeParquet('tx-missing', 'transactions', { drop: ['quantity'], extra: { coupon: `'SAVE10'` } });
    const r = await run('transactions', parquet({ transactions: [drifted] }));
    noteFailures(r);
    assert.deepEqual(get(r, 'schema').samples, ['missing quantity', 'extra coupon']);
    const quantity = get(r, 'quantity_range');
    assert.deepEqual([quantity.status, quantity.observed], ['fail', null]);
    assert.match(quantity.message, /^could not run: Binder Error: .*quantity/);
  });

  it('fails the windows of an hour that miss one, repeat one, or whose counts do not add up', async () => {
    const gap = await writeParquet('windows-gap', 'windows', { from: 1, to: WINDOWS_PER_HOUR });
    const twice = await writeParquet('windows-twice', 'windows', {
      to: WINDOWS_PER_HOUR,
      set: { window_start: when([5], `TIMESTAMPTZ '2026-11-25 11:59:10+00'`, 'window_start') },
    });
    const uneven = await writeParquet('windows-uneven', 'windows', {
      to: WINDOWS_PER_HOUR,
      set: { transactions: when([3], '3', 'transactions'), converted_sessions: when([4], '5', 'converted_sessions') },
    });
    const failed = (results: Map<string, CheckResult>): string[] =>
      [...results.values()].filter((r) => r.status !== 'pass').map((r) => r.check);
    const gapResults = await run('windows', parquet({ windows: [gap] }));
    assert.deepEqual(failed(gapResults), ['no_gaps']);
    const twiceResults = await run('windows', parquet({ windows: [twice] }));
    assert.deepEqual(failed(twiceResults), ['one_row_per_window', 'counts_add_up']);
    const unevenResults = await run('windows', parquet({ windows: [uneven] }));
    assert.deepEqual(summary(get(unevenResults, 'counts_add_up')).failing_rows, 2);
    for (const r of [gapResults, twiceResults, unevenResults]) noteFailures(r);
  });

  it('has shown every check type failing on bad data', () => {
    assert.deepEqual([...failedTypes].sort(), [...CHECK_TYPES].sort());
  });

  it('throws on a file it cannot read rather than reporting a check result', async () => {
    await assert.rejects(
      runSuiteInDuckDb({ suite: RAW_SUITES.activity, source: parquet({ activity: [file('nowhere')] }), referenceTimeMs: HOUR_END_MS }),
      /IO Error/,
    );
  });
});
