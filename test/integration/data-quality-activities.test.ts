import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { localLakeStore, readJson, s3LakeStore, type LakeStore } from '../../src/adapters/lake';
import { createS3Client } from '../../src/adapters/s3/client';
import { duckDbQualityResultsStore } from '../../src/adapters/quality/duckdb-results-store';
import type { QualityResultsStore } from '../../src/adapters/quality/results-store';
import { createDataQualityActivities, type GateRun } from '../../src/activities/data-quality';
import { HOUR_MS, hourPrefix, type LakeRow } from '../../src/domain/lake';
import { quarantineKey, quarantineMarkerKey, type QuarantineMarker } from '../../src/domain/lake/quarantine';
import type { CheckResult } from '../../src/domain/quality';
import { formatHour } from '../../src/domain/hour';
import { sameHourOnEarlierDays } from '../../src/domain/quality/history';
import { MOTO_CREDENTIALS } from '../../src/stack';
import { activityRunner } from '../support/activity';
import { testConfig, uniqueName } from '../support/config';
import { purchaseRows, writeLakeHour } from '../support/lake-hour';

const DAY_MS = 24 * HOUR_MS;
const HOUR_START_MS = Date.parse('2026-11-25T12:00:00Z');
const HOUR = formatHour(HOUR_START_MS);
const RUN_ID = 'data-quality-transactions-2026-11-25T12/run-1';

/** Rows with a negative amount in the first three: two error-level checks fail. */
const withNegativeAmounts = (rows: LakeRow[]): LakeRow[] => rows.map((r, i) => (i < 3 ? { ...r, amount: -5 } : r));

/** An alert row for a transaction row, valid against the alerts contract. */
function alertFor(t: LakeRow, i: number): LakeRow {
  return {
    alert_id: `a-${String(t.transaction_id)}`,
    transaction_id: t.transaction_id as string,
    user_id: t.user_id as string,
    rules: ['high_amount'],
    score: 0.9,
    severity: 'CRITICAL',
    reasons: ['amount above the limit'],
    event_time: t.event_time as string,
    detected_at: t.event_time as string,
    rules_version: 1,
    kafka_topic: 'fraud_alerts',
    kafka_partition: 0,
    kafka_offset: i,
  };
}

/** A volume result of an earlier run, as a gate records it. */
const volumeResult = (totalRows: number): CheckResult => ({
  check: 'volume',
  type: 'volume_anomaly',
  dataset: 'transactions',
  severity: 'warn',
  status: 'pass',
  observed: 0,
  threshold: 4,
  failing_rows: 0,
  total_rows: totalRows,
  samples: [],
  message: 'synthetic history',
});

describe('data-quality activities', () => {
  let dir: string;
  let lake: LakeStore;
  let results: QualityResultsStore;
  let deletedKeys: string[];
  let activities: ReturnType<typeof createDataQualityActivities>;
  const env = new MockActivityEnvironment();
  const run = activityRunner(env);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-dq-activities-'));
    const local = localLakeStore(`file://${join(dir, 'lake')}`);
    deletedKeys = [];
    // Every delete is seen: quarantine must never delete a data file.
    lake = { ...local, delete: (key) => (deletedKeys.push(key), local.delete(key)) };
    results = duckDbQualityResultsStore(join(dir, 'warehouse.duckdb'));
    activities = createDataQualityActivities({ lake, qualityResults: results });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a clean hour, records one row per check, and records a retry once', async () => {
    await writeLakeHour(lake, 'transactions', HOUR_START_MS, purchaseRows(HOUR_START_MS));
    const gate: GateRun = { dataset: 'transactions', hour: HOUR, runId: RUN_ID };
    const check = await run(activities.checkLakeHour, gate);
    assert.equal(check.files, 2);
    assert.equal(check.quarantinedFiles, 0);
    assert.ok((check.rows ?? 0) > 100, `rows ${check.rows}`);
    assert.deepEqual(check.summary, { passed: 16, warned: 0, failed: 0, gatePassed: true });

    await run(activities.checkLakeHour, gate);
    const recorded = await results.resultsOfHour(HOUR_START_MS);
    assert.equal(recorded.length, 16, 'the retry replaced the first attempt’s rows');
    assert.ok(recorded.every((r) => r.runId === RUN_ID && r.dataset === 'transactions' && r.hourStartMs === HOUR_START_MS));
    const rowCount = recorded.find((r) => r.check === 'row_count');
    assert.deepEqual([rowCount?.status, rowCount?.observed, rowCount?.total_rows], ['pass', check.rows, check.rows]);
  });

  it('records gates that run at once in one worker, each in full', async () => {
    await writeLakeHour(lake, 'transactions', HOUR_START_MS, purchaseRows(HOUR_START_MS));
    const runIds = ['a', 'b', 'c', 'd'];
    await Promise.all(runIds.map((runId) => run(activities.checkLakeHour, { dataset: 'transactions', hour: HOUR, runId })));
    const recorded = await results.resultsOfHour(HOUR_START_MS);
    assert.deepEqual(
      runIds.map((id) => recorded.filter((r) => r.runId === id).length),
      [16, 16, 16, 16],
    );
  });

  it('judges volume against the latest recorded count of the same hour on earlier days', async () => {
    const rows = purchaseRows(HOUR_START_MS);
    await writeLakeHour(lake, 'transactions', HOUR_START_MS, rows);
    const earlier = sameHourOnEarlierDays(HOUR_START_MS, 7);
    for (const [i, hourStartMs] of earlier.entries()) {
      // An older run of the same hour says otherwise: the latest run counts.
      await results.recordRun({ runId: `old-${i}`, dataset: 'transactions', hourStartMs, checkedAtMs: 1, results: [volumeResult(5)] });
      await results.recordRun({
        runId: `new-${i}`,
        dataset: 'transactions',
        hourStartMs,
        checkedAtMs: 2,
        results: [volumeResult(1000 + i)],
      });
    }
    // Another hour of day, and the hour itself, are no history.
    const other = { dataset: 'transactions' as const, checkedAtMs: 3, results: [volumeResult(rows.length)] };
    await results.recordRun({ ...other, runId: 'other-hour', hourStartMs: HOUR_START_MS - DAY_MS + HOUR_MS });
    await results.recordRun({ ...other, runId: 'same-hour', hourStartMs: HOUR_START_MS });
    assert.deepEqual(await results.rowCounts('transactions', earlier), [1000, 1001, 1002, 1003, 1004, 1005, 1006]);

    const gate: GateRun = { dataset: 'transactions', hour: HOUR, runId: RUN_ID };
    const check = await run(activities.checkLakeHour, gate);
    assert.deepEqual(check.warnedChecks, ['volume']);
    assert.equal(check.summary.gatePassed, true);
    const volume = (await results.resultsOfHour(HOUR_START_MS)).find((r) => r.runId === RUN_ID && r.check === 'volume');
    assert.ok(volume && volume.status === 'warn' && (volume.observed ?? 0) < -4, volume?.message);
  });

  it('quarantines a failed hour by moving its files beside a marker, never deleting one, and releases them back', async () => {
    const keys = await writeLakeHour(lake, 'transactions', HOUR_START_MS, withNegativeAmounts(purchaseRows(HOUR_START_MS)));
    const before = await Promise.all(keys.map((k) => lake.get(k)));
    const gate: GateRun = { dataset: 'transactions', hour: HOUR, runId: RUN_ID };
    const check = await run(activities.checkLakeHour, gate);
    assert.deepEqual(check.failedChecks, ['amount_non_negative', 'amount_range']);

    assert.equal(await run(activities.quarantineLakeHour, { ...gate, failedChecks: check.failedChecks }), 2);
    assert.deepEqual(await lake.list(`${hourPrefix('transactions', HOUR_START_MS)}/`), []);
    assert.deepEqual(await Promise.all(keys.map((k) => lake.get(quarantineKey(k)))), before, 'the same bytes, moved');
    const marker = (await readJson(lake, quarantineMarkerKey('transactions', HOUR_START_MS))) as QuarantineMarker;
    assert.deepEqual(
      { ...marker, quarantinedAt: typeof marker.quarantinedAt },
      {
        dataset: 'transactions',
        hour: HOUR,
        runId: RUN_ID,
        reason: 'error-level checks failed: amount_non_negative, amount_range',
        failedChecks: ['amount_non_negative', 'amount_range'],
        files: keys,
        quarantinedAt: 'string',
      },
    );
    // Quarantining again (a retried activity) changes nothing.
    assert.equal(await run(activities.quarantineLakeHour, { ...gate, failedChecks: check.failedChecks }), 2);

    const again = await run(activities.checkLakeHour, { ...gate, runId: `${RUN_ID}-rerun` });
    assert.deepEqual(
      [again.files, again.quarantinedFiles, again.failedChecks],
      [2, 2, check.failedChecks],
      'a rerun judges the quarantined files',
    );

    assert.equal(await run(activities.releaseLakeHour, { dataset: 'transactions', hour: HOUR }), 2);
    assert.deepEqual(await Promise.all(keys.map((k) => lake.get(k))), before);
    assert.deepEqual(await lake.list('quarantine/'), []);
    assert.deepEqual(deletedKeys, [quarantineMarkerKey('transactions', HOUR_START_MS)], 'only the marker was deleted');
  });

  it('quarantines and releases an hour of an S3 lake (moto) the same way', async () => {
    const config = testConfig();
    const s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: `http://127.0.0.1:${config.motoPort}` }, MOTO_CREDENTIALS);
    const bucket = uniqueName('dq-lake');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const s3Lake = s3LakeStore(`s3://${bucket}/lake`, s3);
    try {
      const onS3 = createDataQualityActivities({ lake: s3Lake, qualityResults: results });
      const keys = await writeLakeHour(s3Lake, 'transactions', HOUR_START_MS, withNegativeAmounts(purchaseRows(HOUR_START_MS)));
      const gate: GateRun = { dataset: 'transactions', hour: HOUR, runId: RUN_ID };
      const check = await run(onS3.checkLakeHour, gate);
      assert.deepEqual(check.failedChecks, ['amount_non_negative', 'amount_range']);

      assert.equal(await run(onS3.quarantineLakeHour, { ...gate, failedChecks: check.failedChecks }), 2);
      const quarantined = (await s3Lake.list('')).map((o) => o.key);
      assert.deepEqual(quarantined, [quarantineMarkerKey('transactions', HOUR_START_MS), ...keys.map(quarantineKey)].sort());
      assert.equal(await run(onS3.releaseLakeHour, gate), 2);
      assert.deepEqual(
        (await s3Lake.list('')).map((o) => o.key),
        keys,
      );
    } finally {
      s3Lake.close();
    }
  });

  it('records an override with its reason and author', async () => {
    const at = '2026-11-25T14:00:00.000Z';
    await run(activities.recordQualityOverride, {
      dataset: 'transactions',
      hour: HOUR,
      runId: RUN_ID,
      override: { reason: 'refund batch, known', by: 'ops', at },
    });
    assert.deepEqual(await results.overridesOfHour(HOUR_START_MS), [
      {
        runId: RUN_ID,
        dataset: 'transactions',
        hourStartMs: HOUR_START_MS,
        reason: 'refund batch, known',
        by: 'ops',
        atMs: Date.parse(at),
      },
    ]);
  });

  it('checks alerts against the same hour of transactions, and fails them when that hour has none', async () => {
    const transactions = purchaseRows(HOUR_START_MS);
    await writeLakeHour(lake, 'alerts', HOUR_START_MS, transactions.slice(0, 10).map(alertFor), 1);
    const gate: GateRun = { dataset: 'alerts', hour: HOUR, runId: RUN_ID };

    const orphaned = await run(activities.checkLakeHour, gate);
    assert.deepEqual(orphaned.failedChecks, ['transaction_known']);

    await writeLakeHour(lake, 'transactions', HOUR_START_MS, transactions);
    const known = await run(activities.checkLakeHour, gate);
    assert.deepEqual([known.files, known.summary.gatePassed], [1, true]);
  });

  it('finds nothing in an hour without files, and records nothing', async () => {
    const gate: GateRun = { dataset: 'activity', hour: HOUR, runId: RUN_ID };
    const check = await run(activities.checkLakeHour, gate);
    assert.deepEqual(check, {
      files: 0,
      quarantinedFiles: 0,
      rows: null,
      summary: { passed: 0, warned: 0, failed: 0, gatePassed: true },
      failedChecks: [],
      warnedChecks: [],
    });
    assert.deepEqual(await results.resultsOfHour(HOUR_START_MS), []);
  });
});
