import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics } from '../../src/adapters/kafka/topics';
import { topicsOf } from '../../src/config';
import { DEFAULT_GENERATOR_OPTIONS } from '../../src/domain/generator';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig } from '../support/config';
import { ownStreamSettings } from '../support/kafka';
import { suiteTempDir } from '../support/temp-files';
import { until } from '../support/until';

/** The value of an unlabelled metric, or the sum of a labelled one's series. */
function metric(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The lake's rows of the analytics consumer's windows. */
const WINDOW_ROWS = 'streamify_lake_rows_written_total{dataset="windows"}';

describe('streamify stream all', function () {
  this.timeout(240_000);
  const dir = suiteTempDir('stream-all');

  it('runs the fraud and analytics consumers and the lake sink in one process, with their metrics on one endpoint', async () => {
    const env = {
      ...ownStreamSettings('all', join(dir(), 'lake')),
      ANALYTICS_IDLE_TIMEOUT_MS: '5000',
      LAKE_FLUSH_AGE_MS: '2000',
      // A free port, read back from the log line that names it.
      FRAUD_METRICS_PORT: '0',
      LOG_FORMAT: 'json',
    };
    const config = testConfig(env);
    const kafka = createKafka(config);
    await ensureConfiguredTopics(kafka, config);
    // A few simulated minutes, so that windows close.
    const generator = {
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: Date.now() - 3_600_000,
      ratePerSecond: 50,
      users: 2000,
      fraudRate: 0.05,
    };
    const { purchases } = await produceEvents({ kafka, topics: topicsOf(config), generator, realTime: false, count: 10_000 });

    const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'all'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let logs = '';
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let text = '';
    try {
      let metricsUrl: string | undefined;
      await until('the metrics endpoint is logged', () => (metricsUrl = /"metrics":"(http:[^"]+)"/.exec(logs)?.[1]) !== undefined);
      await until('every consumer has done its part', async () => {
        text = await fetch(metricsUrl ?? '').then(
          (r) => r.text(),
          () => '',
        );
        return (
          metric(text, 'streamify_fraud_events_processed_total') === purchases &&
          metric(text, 'streamify_lake_rows_written_total') - metric(text, WINDOW_ROWS) ===
            10_000 + metric(text, 'streamify_fraud_alerts_total') &&
          metric(text, 'streamify_analytics_windows_emitted_total') > 0 &&
          // The lake sink lands the windows too.
          metric(text, WINDOW_ROWS) > 0
        );
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, logs.slice(-2000));
    assert.ok(metric(text, 'streamify_fraud_alerts_total') > 0);
    assert.match(text, /streamify_lake_files_written_total\{dataset="transactions"\} [1-9]/);
  });
});
