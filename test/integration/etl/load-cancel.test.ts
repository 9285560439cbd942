import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { localLakeStore, type LakeStore } from '../../../src/adapters/lake';
import { curatedFiles } from '../../../src/adapters/transform/curated-hour';
import { runDuckDbTransform } from '../../../src/adapters/transform/duckdb-engine';
import { loadTransformSql } from '../../../src/adapters/transform/sql-files';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import { createEtlLoadActivities } from '../../../src/activities/etl-load';
import type { LoadResult } from '../../../src/domain/etl/contract';
import { formatHour } from '../../../src/domain/hour';
import { purchaseRows, writeClosedLakeHour } from '../../support/lake-hour';

const hourStartMs = Date.parse('2026-11-25T12:00:00Z');
const hour = formatHour(hourStartMs);

describe('the ETL load (loadHour) when cancelled', () => {
  let dir: string;
  let lake: LakeStore;
  let warehousePath: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-load-cancel-'));
    lake = localLakeStore(`file://${join(dir, 'lake')}`);
    warehousePath = join(dir, 'warehouse.duckdb');
    await writeClosedLakeHour(lake, hourStartMs, purchaseRows(hourStartMs));
    await runDuckDbTransform(lake, await loadTransformSql(), hourStartMs);
  });
  afterEach(() => {
    lake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const warehouseRows = () =>
    withDuckDb(warehousePath, async (db) =>
      Number((await db.runAndReadAll('SELECT count(*) AS n FROM RAW_TRANSACTIONS')).getRowObjectsJS()[0]?.n),
    );

  it('rejects as cancelled and leaves the warehouse hour with the rows it had', async () => {
    const warehouse = duckDbWarehouse(warehousePath);
    const first: LoadResult = await new MockActivityEnvironment().run(createEtlLoadActivities({ lake, warehouse }).loadHour, { hour });
    assert.ok((first.rows.RAW_TRANSACTIONS ?? 0) > 0);
    // The curated transactions of the hour go: a load that ran on would leave the hour no transactions.
    for (const key of await curatedFiles(lake, 'transactions', hourStartMs)) await lake.delete(key);

    const env = new MockActivityEnvironment();
    // The cancellation arrives while the load copies its files, before the warehouse is written.
    const cancelling: LakeStore = { ...lake, get: (key) => (env.cancel(), lake.get(key)) };
    await assert.rejects(
      env.run(createEtlLoadActivities({ lake: cancelling, warehouse }).loadHour, { hour }),
      (err: unknown) => err instanceof CancelledFailure,
    );
    assert.equal(await warehouseRows(), first.rows.RAW_TRANSACTIONS);

    // Not cancelled, the same load does empty the hour: the check above could fail.
    const again: LoadResult = await new MockActivityEnvironment().run(createEtlLoadActivities({ lake, warehouse }).loadHour, { hour });
    assert.deepEqual([again.rows.RAW_TRANSACTIONS, await warehouseRows()], [0, 0]);
  });
});
