import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { snowflakeQualityResultsStore } from '../../../src/adapters/quality/snowflake-results-store';
import { createSnowflakePool, type SnowflakePool } from '../../../src/adapters/snowflake/pool';
import { describeCuratedHour } from '../../../src/adapters/transform/curated-hour';
import { runDuckDbTransform } from '../../../src/adapters/transform/duckdb-engine';
import { loadTransformSql, type TransformSql } from '../../../src/adapters/transform/sql-files';
import { snowflakeWarehouse } from '../../../src/adapters/warehouse/snowflake-warehouse';
import type { Warehouse } from '../../../src/adapters/warehouse/warehouse';
import { createEtlLoadActivities } from '../../../src/activities/etl-load';
import { createEtlRetentionActivities } from '../../../src/activities/etl-retention';
import type { Config } from '../../../src/config';
import { ETL_FAILURES } from '../../../src/domain/etl/contract';
import { KPI_TABLE } from '../../../src/domain/etl/kpi-metrics';
import { WAREHOUSE_TABLES } from '../../../src/domain/etl/warehouse-tables';
import { activityRunner } from '../../support/activity';
import { testConfig } from '../../support/config';
import { ORIGINAL_SAMPLE_QUERIES, purchaseRows, writeLakeHour } from '../../support/lake-hour';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../../support/snowflake-stand-in';
import { SnowflakeStatementError } from '../../support/snowflake-stand-in/statements';

const DAY_MS = 86_400_000;
const CREDENTIALS = { user: 'STREAMIFY_ETL', password: 'stand-in-password' };

/** A fresh RSA key pair, as `openssl genrsa` would make for ALTER USER … SET RSA_PUBLIC_KEY. */
const rsaKeyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

/** The rows of a query, run by snowflake-sdk on a connection of the pool. */
function query(pool: SnowflakePool, sqlText: string): Promise<Array<Record<string, unknown>>> {
  return pool.use(
    (connection) =>
      new Promise((resolve, reject) => {
        connection.execute({
          sqlText,
          complete: (err, _s, rows) => (err ? reject(err) : resolve((rows ?? []) as Array<Record<string, unknown>>)),
        });
      }),
  );
}

async function closePool(pool: SnowflakePool): Promise<void> {
  await pool.drain();
  await pool.clear();
}

describe('Snowflake warehouse: the real snowflake-sdk over HTTP against a DuckDB-backed stand-in', () => {
  let dir: string;
  let lake: LakeStore;
  let standIn: SnowflakeStandIn;
  let config: Config;
  let pool: SnowflakePool;
  let warehouse: Warehouse;
  let transform: TransformSql;
  const hourStartMs = Date.parse('2026-11-20T09:00:00Z');
  const oldHourStartMs = hourStartMs - 100 * DAY_MS;
  const hour = new Date(hourStartMs).toISOString().slice(0, 13);
  const registeredKey = rsaKeyPair();

  /** A config that logs in with the private key written to a file of its own (SNOWFLAKE_PRIVATE_KEY_FILE), no password. */
  function keyPairConfig(name: string, privateKeyPem: string): Config {
    const file = join(dir, `${name}.p8`);
    writeFileSync(file, privateKeyPem, { mode: 0o600 });
    return { ...config, snowflakePassword: undefined, snowflakePrivateKeyFile: file };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-snowflake-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    transform = await loadTransformSql();
    for (const startMs of [hourStartMs, oldHourStartMs]) {
      await writeLakeHour(lake, 'transactions', startMs, purchaseRows(startMs));
      await runDuckDbTransform(lake, transform, startMs);
    }
    standIn = await startSnowflakeStandIn(join(dir, 'snowflake'), { ...CREDENTIALS, publicKeyPem: registeredKey.publicKey });
    config = testConfig({
      WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'streamify-test',
      SNOWFLAKE_URL: standIn.url,
      SNOWFLAKE_USER: CREDENTIALS.user,
      SNOWFLAKE_PASSWORD: CREDENTIALS.password,
    });
    pool = createSnowflakePool(config);
    warehouse = snowflakeWarehouse(pool, config.snowflakeAccount ?? '');
  });
  after(async () => {
    if (pool) await closePool(pool);
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every table of the curated hour through a stage and COPY INTO, and loading it again leaves the same rows', async () => {
    const { loadHour } = createEtlLoadActivities({ lake, warehouse });
    const run = activityRunner(new MockActivityEnvironment());
    const { counts } = await describeCuratedHour(lake, transform.plan, hourStartMs);

    const first = await run(loadHour, { hour });
    const afterFirst = await query(pool, 'SELECT TRANSACTION_ID, AMOUNT FROM RAW_TRANSACTIONS ORDER BY TRANSACTION_ID');
    const second = await run(loadHour, { hour });
    const afterSecond = await query(pool, 'SELECT TRANSACTION_ID, AMOUNT FROM RAW_TRANSACTIONS ORDER BY TRANSACTION_ID');

    assert.deepEqual(Object.keys(first.rows).sort(), [...Object.values(WAREHOUSE_TABLES), KPI_TABLE].sort());
    assert.equal(first.rows.KPI_METRICS, 1, 'the hour once in KPI_METRICS');
    assert.equal(first.rows.RAW_TRANSACTIONS, counts.transactions);
    assert.ok((first.rows.DAILY_SALES_SUMMARY ?? 0) > 0 && (first.rows.PRODUCT_PERFORMANCE ?? 0) > 0);
    assert.deepEqual(second.rows, first.rows);
    assert.equal(afterFirst.length, counts.transactions);
    assert.deepEqual(afterSecond, afterFirst);
    assert.equal(new Set(afterFirst.map((r) => r.TRANSACTION_ID)).size, afterFirst.length, 'one row per transaction');
    assert.ok(
      standIn.statements.some((s) => s.startsWith('PUT ')) && standIn.statements.some((s) => s.startsWith('COPY INTO ')),
      'the files went through a stage',
    );
    assert.deepEqual(
      readdirSync(join(dir, 'snowflake', 'stages', 'STREAMIFY_ETL_STAGE'), { recursive: true, withFileTypes: true }).filter((e) =>
        e.isFile(),
      ),
      [],
      'the staged files are removed',
    );
  });

  it('answers the original README’s three sample queries word for word through the driver', async () => {
    const [daily, fraud, products] = await Promise.all(ORIGINAL_SAMPLE_QUERIES.map((sql) => query(pool, sql)));
    assert.ok(daily && daily.length > 0 && daily.every((r) => r.SALE_DATE !== undefined));
    // The loaded hour is older than a week: the fraud query runs, and rightly finds none of it.
    assert.deepEqual(fraud, []);
    assert.ok(products && products.length === 10 && products.every((r) => r.TOTAL_REVENUE !== undefined));
    const [kpi] = await query(pool, 'SELECT ETL_HOUR, TRANSACTIONS, REVENUE FROM KPI_METRICS');
    const read = await warehouse.hourKpis([hourStartMs, hourStartMs - 3_600_000]);
    assert.deepEqual(
      read.map((k) => [k.hour, k.transactions]),
      [[hour, Number(kpi?.TRANSACTIONS)]],
      'the report reads the hour’s KPIs back, and none of an hour not loaded',
    );
    assert.equal(
      Number(kpi?.TRANSACTIONS),
      Number((await query(pool, "SELECT COUNT(*) AS N FROM RAW_TRANSACTIONS WHERE STATUS = 'completed'"))[0]?.N),
    );
  });

  it('records a run once however often it is recorded', async () => {
    const run = {
      runId: 'hourly-etl/run-1',
      hourStartMs,
      status: 'succeeded',
      startedAtMs: hourStartMs,
      finishedAtMs: hourStartMs + 60_000,
      reportKey: 'reports/x.json',
      counts: { transactions: 3 },
    } as const;
    await warehouse.recordRun(run);
    await warehouse.recordRun({ ...run, status: 'failed' });
    const rows = await query(pool, `SELECT RUN_ID, STATUS FROM ETL_RUNS WHERE RUN_ID = 'hourly-etl/run-1'`);
    assert.deepEqual(rows, [{ RUN_ID: 'hourly-etl/run-1', STATUS: 'failed' }]);
    // The run ledger counts succeeded runs only.
    assert.deepEqual(await warehouse.loadedHours(hourStartMs, hourStartMs + 3_600_000), []);
    await warehouse.recordRun({ ...run, runId: 'hourly-etl/run-2' });
    assert.deepEqual(await warehouse.loadedHours(hourStartMs - 3_600_000, hourStartMs + 3_600_000), [hourStartMs]);
    assert.equal(await warehouse.firstLoadedHour(), hourStartMs);
  });

  it('retention deletes the rows of hours older than ETL_WAREHOUSE_RETENTION_DAYS and keeps the rest', async () => {
    const { loadHour } = createEtlLoadActivities({ lake, warehouse });
    // The store's results live in the same Snowflake; it is not closed here, as closing it would close the shared pool.
    const qualityResults = snowflakeQualityResultsStore(pool);
    const { applyRetention } = createEtlRetentionActivities({ config, lake, warehouse, qualityResults });
    const run = activityRunner(new MockActivityEnvironment());
    const old = await run(loadHour, { hour: new Date(oldHourStartMs).toISOString().slice(0, 13) });
    const kept = await query(pool, "SELECT COUNT(*) AS N FROM RAW_TRANSACTIONS WHERE ETL_HOUR >= TO_TIMESTAMP_NTZ('2026-11-20 09:00:00')");

    const first = await run(applyRetention, { hour });
    const again = await run(applyRetention, { hour });

    assert.equal(
      first.warehouseRowsDeleted,
      Object.values(old.rows).reduce((a, b) => a + b, 0),
    );
    assert.equal(again.warehouseRowsDeleted, 0);
    assert.deepEqual(await query(pool, 'SELECT COUNT(*) AS N FROM RAW_TRANSACTIONS'), kept);
    assert.ok(Number(kept[0]?.N) > 0);
  });

  it('a failing statement fails the load naming the statement and Snowflake’s message', async () => {
    const notParquet = join(dir, 'not-parquet.parquet');
    writeFileSync(notParquet, 'this is not a Parquet file');

    await assert.rejects(warehouse.loadHour(hourStartMs, [{ table: 'RAW_TRANSACTIONS', files: [notParquet] }]), (err: Error) => {
      assert.match(err.message, /COPY INTO "RAW_TRANSACTIONS_STAGING"/);
      assert.match(err.message, /parquet/i);
      return true;
    });
  });

  it('a statement failing after the hour’s DELETE rolls the load back, and the hour keeps its previous rows', async () => {
    const { loadHour } = createEtlLoadActivities({ lake, warehouse });
    const hourRows = `SELECT * FROM RAW_TRANSACTIONS WHERE ETL_HOUR = TO_TIMESTAMP_NTZ('2026-11-20 09:00:00') ORDER BY TRANSACTION_ID`;
    const before = await query(pool, hourRows);
    const insert = /^INSERT INTO "RAW_TRANSACTIONS" /;
    standIn.failNextStatement(insert, new SnowflakeStatementError('NULL result in a non-nullable column', '100072', '22000'));
    const sentBefore = standIn.statements.length;

    await assert.rejects(
      new MockActivityEnvironment().run(loadHour, { hour }),
      /INSERT INTO "RAW_TRANSACTIONS".*NULL result in a non-nullable column/,
    );

    const sent = standIn.statements.slice(sentBefore);
    const at = (pattern: RegExp) => sent.findIndex((s) => pattern.test(s));
    const [begin, deleteHour, failed, rollback] = [at(/^BEGIN$/), at(/^DELETE FROM "RAW_TRANSACTIONS" /), at(insert), at(/^ROLLBACK$/)];
    assert.ok(
      begin >= 0 && begin < deleteHour && deleteHour < failed && failed < rollback,
      `BEGIN, DELETE, INSERT, ROLLBACK: ${sent.join('\n')}`,
    );
    assert.ok(before.length > 0, 'the hour had rows to keep');
    // The driver's dates carry functions of their own: rows compare as JSON.
    assert.equal(JSON.stringify(await query(pool, hourRows)), JSON.stringify(before));
  });

  it('logs in with the key pair registered for the user (SNOWFLAKE_JWT) and loads an hour', async () => {
    const keyPair = createSnowflakePool(keyPairConfig('registered', registeredKey.privateKey));
    try {
      const { loadHour } = createEtlLoadActivities({ lake, warehouse: snowflakeWarehouse(keyPair, 'streamify-test') });
      const loginsBefore = standIn.logins.length;

      const { rows } = await activityRunner(new MockActivityEnvironment())(loadHour, { hour });

      assert.deepEqual(standIn.logins.slice(loginsBefore), ['SNOWFLAKE_JWT']);
      assert.equal(rows.RAW_TRANSACTIONS, (await describeCuratedHour(lake, transform.plan, hourStartMs)).counts.transactions);
    } finally {
      await closePool(keyPair);
    }
  });

  it('a key other than the registered one fails the load at once, not retried, naming SNOWFLAKE_PRIVATE_KEY_FILE', async () => {
    const wrongKey = createSnowflakePool(keyPairConfig('unregistered', rsaKeyPair().privateKey));
    try {
      const { loadHour } = createEtlLoadActivities({ lake, warehouse: snowflakeWarehouse(wrongKey, 'streamify-test') });
      const loginsBefore = standIn.logins.length;

      await assert.rejects(new MockActivityEnvironment().run(loadHour, { hour }), (err: unknown) => {
        assert.ok(err instanceof ApplicationFailure, String(err));
        assert.equal(err.nonRetryable, true);
        assert.equal(err.type, ETL_FAILURES.misconfigured);
        assert.match(err.message, /JWT token is invalid\. \(Snowflake 390144\)/);
        assert.match(err.message, /register the public key of SNOWFLAKE_PRIVATE_KEY_FILE for SNOWFLAKE_USER/);
        return true;
      });
      assert.deepEqual(standIn.logins.slice(loginsBefore), ['SNOWFLAKE_JWT'], 'one login, not retried');
    } finally {
      await closePool(wrongKey);
    }
  });

  it('refused credentials fail the load with Snowflake’s message and the settings to fix, not retried', async () => {
    const refused = createSnowflakePool({ ...config, snowflakePassword: 'wrong' });
    try {
      const { loadHour } = createEtlLoadActivities({ lake, warehouse: snowflakeWarehouse(refused, 'streamify-test') });
      await assert.rejects(new MockActivityEnvironment().run(loadHour, { hour }), (err: unknown) => {
        assert.ok(err instanceof ApplicationFailure && err.nonRetryable, String(err));
        assert.match(err.message, /Incorrect username or password was specified.*SNOWFLAKE_USER and SNOWFLAKE_PASSWORD/);
        return true;
      });
    } finally {
      await closePool(refused);
    }
  });
});
