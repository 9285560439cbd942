import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StatusRow } from '../../src/cli/commands/status/row';

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
});
