import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { MockActivityEnvironment } from '@temporalio/testing';
import { withDuckDb } from '../../../src/adapters/duckdb/open';
import { s3LakeStore, writeJson, type LakeStore } from '../../../src/adapters/lake';
import { createS3Client } from '../../../src/adapters/s3/client';
import { loadTransformSql } from '../../../src/adapters/transform/sql-files';
import { duckDbQualityResultsStore } from '../../../src/adapters/quality/duckdb-results-store';
import { duckDbWarehouse } from '../../../src/adapters/warehouse/duckdb-warehouse';
import { createEtlRetentionActivities } from '../../../src/activities/etl-retention';
import { etlReportKeys } from '../../../src/domain/etl/contract';
import { HOUR_COLUMN, WAREHOUSE_TABLES } from '../../../src/domain/etl/warehouse-tables';
import { hourPrefix, HOUR_MS } from '../../../src/domain/lake';
import { quarantineKey } from '../../../src/domain/lake/quarantine';
import { reportKeyOf } from '../../../src/domain/monitoring/report';
import type { CheckResult } from '../../../src/domain/quality';
import { formatHour } from '../../../src/domain/hour';
import { MOTO_CREDENTIALS } from '../../../src/stack';
import { activityRunner } from '../../support/activity';
import { testConfig, uniqueName } from '../../support/config';
import { closeLakeHour, purchaseRows, transformAndLoad, writeLakeHour } from '../../support/lake-hour';

const DAY_MS = 86_400_000;
const VOLUME: CheckResult = {
  check: 'transactions_volume',
  type: 'volume_anomaly',
  dataset: 'transactions',
  severity: 'warn',
  status: 'pass',
  observed: 0,
  threshold: 3,
  failing_rows: 0,
  total_rows: 1,
  samples: [],
  message: '1 row',
};
const HOUR = '2026-11-25T12';
const hourStartMs = Date.parse('2026-11-25T12:00:00Z');
/** Days each zone keeps: all different, so a zone deleting by another's setting shows. */
const DAYS = { raw: 2, curated: 3, quarantine: 4, reports: 5, warehouse: 3 };
/** The first hour each zone keeps. */
const cutoff = (days: number): number => hourStartMs - days * DAY_MS;

describe('retention of every lake zone and the warehouse (S3 on moto, DuckDB warehouse)', function () {
  this.timeout(240_000);
  let dir: string;
  let lake: LakeStore;

  before(async () => {
    const config = testConfig();
    const bucket = uniqueName('retention');
    const s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: `http://127.0.0.1:${config.motoPort}` }, MOTO_CREDENTIALS);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    lake = s3LakeStore(`s3://${bucket}/lake`, s3);
    dir = mkdtempSync(join(tmpdir(), 'streamify-retention-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves nothing older than its zone keeps, in raw, curated, quarantine, reports and every warehouse table (DQ_RESULTS too), and keeps the rest', async () => {
    const config = testConfig({
      ETL_LAKE_RETENTION_DAYS: String(DAYS.raw),
      ETL_CURATED_RETENTION_DAYS: String(DAYS.curated),
      ETL_QUARANTINE_RETENTION_DAYS: String(DAYS.quarantine),
      ETL_REPORTS_RETENTION_DAYS: String(DAYS.reports),
      ETL_WAREHOUSE_RETENTION_DAYS: String(DAYS.warehouse),
    });
    const warehouse = duckDbWarehouse(join(dir, 'warehouse.duckdb'));
    const qualityResults = duckDbQualityResultsStore(join(dir, 'warehouse.duckdb'));
    const transform = await loadTransformSql();
    // Two hours through transform and load: the last hour before the warehouse's and curated zone's cutoff, and the first after.
    const oldHourMs = cutoff(DAYS.warehouse) - HOUR_MS;
    const keptHourMs = cutoff(DAYS.warehouse);
    for (const h of [oldHourMs, keptHourMs]) {
      await writeLakeHour(lake, 'transactions', h, purchaseRows(h, 0.05), 1);
      await transformAndLoad(lake, transform, warehouse, h);
    }
    await closeLakeHour(lake, hourStartMs);
    for (const h of [oldHourMs, keptHourMs]) {
      await qualityResults.recordRun({
        runId: `dq/${h}`,
        dataset: 'transactions',
        hourStartMs: h,
        checkedAtMs: h + HOUR_MS,
        results: [VOLUME],
      });
    }
    const put = (key: string): Promise<void> => lake.put(key, '{}');
    const rawKey = (h: number): string => `${hourPrefix('transactions', h)}/extra.json`;
    await put(rawKey(cutoff(DAYS.raw) - HOUR_MS));
    await put(rawKey(cutoff(DAYS.raw)));
    await put(quarantineKey(rawKey(cutoff(DAYS.quarantine) - HOUR_MS)));
    await put(quarantineKey(rawKey(cutoff(DAYS.quarantine))));
    const oldEtlReport = etlReportKeys(formatHour(cutoff(DAYS.reports) - HOUR_MS));
    await writeJson(lake, oldEtlReport.json, {});
    await put(oldEtlReport.html);
    await writeJson(lake, etlReportKeys(formatHour(cutoff(DAYS.reports))).json, {});
    await writeJson(lake, `${reportKeyOf(new Date(cutoff(DAYS.reports) - 15 * 60_000).toISOString())}.json`, {});
    await writeJson(lake, `${reportKeyOf(new Date(cutoff(DAYS.reports)).toISOString())}.json`, {});

    const all = async (): Promise<string[]> => (await lake.list('')).map((o) => o.key);
    const before = await all();
    const timeOf = (key: string): number | undefined => {
      const folders = /dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(key);
      if (folders) return Date.parse(`${folders[1]}T${folders[2]}:00:00Z`);
      const name = /^reports\/\w+\/(.+)\.(json|html)$/.exec(key)?.[1];
      return name === undefined ? undefined : Date.parse(name.length === 13 ? `${name}:00:00Z` : name);
    };
    const keeps: Record<string, number> = { raw: DAYS.raw, curated: DAYS.curated, quarantine: DAYS.quarantine, reports: DAYS.reports };
    const isOld = (key: string): boolean => (timeOf(key) ?? Infinity) < cutoff(keeps[key.split('/')[0] as string] as number);
    const old = before.filter(isOld);
    for (const zone of Object.keys(keeps)) {
      assert.ok(
        old.some((k) => k.startsWith(`${zone}/`)) && before.some((k) => k.startsWith(`${zone}/`) && !isOld(k)),
        `${zone}: old and new`,
      );
    }
    assert.ok(
      before.some((k) => k.includes('_watermarks')),
      'progress files, which have no time',
    );

    const { applyRetention } = createEtlRetentionActivities({ config, lake, warehouse, qualityResults });
    const run = activityRunner(new MockActivityEnvironment());
    const first = await run(applyRetention, { hour: HOUR });
    const again = await run(applyRetention, { hour: HOUR });

    assert.deepEqual(
      await all(),
      before.filter((k) => !isOld(k)),
      'nothing older survives, everything newer does',
    );
    assert.equal(first.lakeObjectsDeleted, old.length);
    assert.deepEqual(again, { lakeObjectsDeleted: 0, warehouseRowsDeleted: 0 });
    const hours = await withDuckDb(join(dir, 'warehouse.duckdb'), async (db) => {
      const byTable: Record<string, number[]> = {};
      for (const table of [...Object.values(WAREHOUSE_TABLES), 'ETL_RUNS']) {
        const rows = (
          await db.runAndReadAll(`SELECT DISTINCT epoch_ms(${HOUR_COLUMN}) AS h FROM ${table}`).catch(() => undefined)
        )?.getRowObjectsJS();
        if (rows !== undefined) byTable[table] = rows.map((r) => Number(r.h));
      }
      return byTable;
    });
    assert.ok(first.warehouseRowsDeleted > 0);
    assert.deepEqual(hours.RAW_TRANSACTIONS, [keptHourMs], 'the warehouse keeps the first hour after its cutoff only');
    assert.deepEqual(await qualityResults.resultsOfHour(oldHourMs), [], 'DQ_RESULTS of the old hour');
    assert.equal((await qualityResults.resultsOfHour(keptHourMs)).length, 1);
    for (const [table, held] of Object.entries(hours))
      assert.ok(
        held.every((h) => h >= keptHourMs),
        `${table}: ${held.map((h) => new Date(h).toISOString()).join(', ')}`,
      );
  });
});
