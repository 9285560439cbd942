import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { uniqueName } from '../support/config';

const run = promisify(execFile);

describe('streamify demo', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => (dir = mkdtempSync(join(tmpdir(), 'streamify-demo-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs an hour of traffic through the consumers, its ETL and a fraud-monitoring window, and stops what it started', async () => {
    const env = {
      ...process.env,
      KAFKA_TOPIC_SALES: uniqueName('demo-sales'),
      KAFKA_TOPIC_ACTIVITY: uniqueName('demo-activity'),
      KAFKA_TOPIC_FRAUD: uniqueName('demo-alerts'),
      KAFKA_TOPIC_ANALYTICS: uniqueName('demo-analytics'),
      KAFKA_TOPIC_RULES: uniqueName('demo-rules'),
      KAFKA_TOPIC_PARTITIONS: '3',
      FRAUD_CONSUMER_GROUP: uniqueName('demo-fraud'),
      ANALYTICS_CONSUMER_GROUP: uniqueName('demo-analytics'),
      LAKE_CONSUMER_GROUP: uniqueName('demo-lake'),
      FRAUD_METRICS_PORT: '0',
      LAKE_URL: `file://${join(dir, 'lake')}`,
      WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      LOG_FORMAT: 'json',
    };
    const { stdout } = await run(process.execPath, ['bin/streamify.js', 'demo', '--exit', '--rate', '20', '--dashboard-port', '0'], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.match(stdout, /hourly-etl-demo-\S+\s+completed/);
    assert.match(stdout, /fraud-monitoring-demo-\S+\s+completed/);
    assert.ok(existsSync(join(dir, 'warehouse.duckdb')), 'the warehouse file');
    assert.deepEqual(
      readdirSync(join(dir, 'lake', 'reports', 'etl'))
        .map((f) => f.slice(f.lastIndexOf('.')))
        .sort(),
      ['.html', '.json'],
      'the hour’s ETL report and its page',
    );
  });
});
