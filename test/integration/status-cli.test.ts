import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import { duckDbWarehouse } from '../../src/adapters/warehouse/duckdb-warehouse';
import { applyHourlyEtlSchedule } from '../../src/temporal/hourly-etl-schedule';
import type { StatusRow } from '../../src/cli/commands/status/row';
import { HOUR_MS, hourStartOf } from '../../src/domain/lake';
import { formatHour } from '../../src/domain/hour';
import { testConfig } from '../support/config';
import { createTestNamespace, deleteTestNamespace } from '../support/namespace';

const run = promisify(execFile);

async function status(env: Record<string, string> = {}): Promise<{ code: number; healthy: boolean; rows: StatusRow[] }> {
  const result = await run(process.execPath, ['bin/streamify.js', 'status', '--json'], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  return { code: result.code, ...(JSON.parse(result.stdout) as { healthy: boolean; rows: StatusRow[] }) };
}

describe('streamify status', function () {
  this.timeout(60_000);

  it('reports the running stack healthy, area by area, as JSON', async () => {
    const s = await status();
    assert.equal(s.code, 0);
    assert.equal(s.healthy, true);
    const row = (area: string, name: string): StatusRow | undefined => s.rows.find((r) => r.area === area && r.name === name);
    assert.equal(row('kafka', 'brokers')?.health, 'ok');
    assert.equal(row('temporal', 'frontend')?.health, 'ok');
    assert.ok(row('system', 'disk free'));
    assert.ok(s.rows.some((r) => r.area === 'lake'));
  });

  it('fails with exit code 1 and says why when a service does not answer', async () => {
    const s = await status({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    assert.equal(s.code, 1);
    assert.equal(s.healthy, false);
    const temporal = s.rows.find((r) => r.area === 'temporal');
    assert.equal(temporal?.health, 'fail');
    assert.ok((temporal?.detail ?? '').length > 0);
  });

  it('warns on a paused schedule and on hours of the last day with no successful load, naming them', async () => {
    const connection = await connectTemporal(testConfig());
    const namespace = await createTestNamespace(connection);
    const dir = mkdtempSync(join(tmpdir(), 'streamify-status-'));
    try {
      const client = temporalClient(connection, testConfig({ TEMPORAL_NAMESPACE: namespace }));
      await applyHourlyEtlSchedule(client, { taskQueue: 'streamify', catchupWindow: '1 hour' });
      await client.schedule.getHandle('hourly-etl').pause('paused by the status test');
      // The ledger's first hour loaded five hours ago, nothing since: the due hours after it are gaps.
      const loadedMs = hourStartOf(Date.now()) - 5 * HOUR_MS;
      const warehousePath = join(dir, 'warehouse.duckdb');
      const started = Date.now();
      await duckDbWarehouse(warehousePath).recordRun({
        runId: 'hourly-etl-x/1',
        hourStartMs: loadedMs,
        status: 'succeeded',
        startedAtMs: started,
        finishedAtMs: started,
        reportKey: 'reports/etl/x.json',
        counts: {},
      });
      const s = await status({ TEMPORAL_NAMESPACE: namespace, WAREHOUSE_DUCKDB_PATH: warehousePath });
      const schedule = s.rows.find((r) => r.name === 'schedule hourly-etl');
      assert.deepEqual([schedule?.value, schedule?.health], ['paused', 'warn']);
      assert.match(schedule?.detail ?? '', /paused by the status test/);
      const gaps = s.rows.find((r) => r.name === 'ETL gaps, last 24 h');
      assert.equal(gaps?.health, 'warn');
      assert.match(gaps?.detail ?? '', new RegExp(`no successful load: ${formatHour(loadedMs + HOUR_MS)} `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await deleteTestNamespace(connection, namespace);
      await connection.close();
    }
  });
});
