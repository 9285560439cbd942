import assert from 'node:assert/strict';
import { snowflakeHourLoad } from '../../../../src/domain/etl/snowflake-load-sql';

const hourStartMs = Date.parse('2026-11-25T12:00:00Z');

describe('Snowflake hour load SQL', () => {
  const load = snowflakeHourLoad(
    hourStartMs,
    [
      { table: 'RAW_TRANSACTIONS', files: ['/tmp/x/0-part-0.parquet'] },
      { table: 'FRAUD_ALERTS', files: [] },
      { table: 'FRAUD_ANALYSIS', files: [] },
    ],
    new Set(['FRAUD_ALERTS']),
  );

  it('stages each file under its table and hour, then copies it into a temporary staging table', () => {
    assert.ok(
      load.prepare.includes(
        `PUT 'file:///tmp/x/0-part-0.parquet' @STREAMIFY_ETL_STAGE/RAW_TRANSACTIONS/2026-11-25T12/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE`,
      ),
    );
    const copy = load.prepare.findIndex((s) =>
      s.startsWith('COPY INTO "RAW_TRANSACTIONS_STAGING" FROM @STREAMIFY_ETL_STAGE/RAW_TRANSACTIONS/2026-11-25T12/'),
    );
    const create = load.prepare.findIndex((s) => s.startsWith('CREATE TABLE IF NOT EXISTS "RAW_TRANSACTIONS" USING TEMPLATE'));
    assert.ok(create >= 0 && copy > create, 'the table exists before its staging copy');
    assert.ok(
      load.prepare.every((s) => !/^(DELETE|INSERT)/.test(s)),
      'no DML outside the transaction',
    );
  });

  it('replaces the hour of each table with files, empties the hour of an existing one without, and skips a table that does not exist', () => {
    assert.deepEqual(load.replace, [
      `DELETE FROM "RAW_TRANSACTIONS" WHERE ETL_HOUR = TO_TIMESTAMP_NTZ('2026-11-25 12:00:00')`,
      `INSERT INTO "RAW_TRANSACTIONS" SELECT * FROM "RAW_TRANSACTIONS_STAGING"`,
      `DELETE FROM "FRAUD_ALERTS" WHERE ETL_HOUR = TO_TIMESTAMP_NTZ('2026-11-25 12:00:00')`,
    ]);
    assert.deepEqual(load.cleanup, ['REMOVE @STREAMIFY_ETL_STAGE/RAW_TRANSACTIONS/2026-11-25T12/']);
  });

  it('gives an existing table the columns added since its first load, and a new one none', () => {
    const table = (t: string) => ({ table: t, files: ['/tmp/x/part-0.parquet'] });
    const hourMs = Date.parse('2026-11-25T12:00:00Z');
    const existing = snowflakeHourLoad(hourMs, [table('PRODUCT_PERFORMANCE')], new Set(['PRODUCT_PERFORMANCE'])).prepare;
    assert.ok(existing.includes('ALTER TABLE "PRODUCT_PERFORMANCE" ADD COLUMN IF NOT EXISTS total_revenue DECIMAL(38, 2)'));
    assert.ok(!snowflakeHourLoad(hourMs, [table('PRODUCT_PERFORMANCE')], new Set()).prepare.some((s) => s.startsWith('ALTER')));
  });
});
