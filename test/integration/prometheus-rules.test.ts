import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROMETHEUS_DIR = resolve(__dirname, '..', '..', 'stack', 'prometheus');

/** promtool's output of a command run in stack/prometheus; fails with what promtool printed. */
async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: PROMETHEUS_DIR });
    return stdout + stderr;
  } catch (err) {
    const { stdout = '', stderr = '', message } = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `promtool ${args.join(' ')} failed (Debian's prometheus package installs it; .ci/run does): ${stdout}${stderr || message}`,
    );
  }
}

describe('stack/prometheus: the Prometheus config and alerting rules, checked by promtool', () => {
  it('prometheus.yml is a valid config that loads alerts.yml', async () => {
    assert.match(await promtool('check', 'config', 'prometheus.yml'), /SUCCESS: 1 rule files found[\s\S]*is valid prometheus config/);
  });

  it('alerts.yml holds the alerts for lag, dead letters, a failed or missing ETL hour, a worker down and incidents open too long', async () => {
    assert.match(await promtool('check', 'rules', 'alerts.yml'), /SUCCESS: 8 rules found/);
    const alerts = [...readFileSync(resolve(PROMETHEUS_DIR, 'alerts.yml'), 'utf8').matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(alerts.sort(), [
      'ConsumerLagGrowing',
      'EtlHourFailed',
      'EtlHourMissing',
      'FraudDeadLetters',
      'IncidentUnacknowledged',
      'LakeDeadLetters',
      'StreamConsumerDown',
      'WorkerDown',
    ]);
  });

  it('every alert passes its unit tests in alerts.test.yml', async () => {
    assert.match(await promtool('test', 'rules', 'alerts.test.yml'), /SUCCESS/);
  });
});
