import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig, requireOwnEmailKey } from '../../../src/config';

describe('the email hash key', () => {
  it('may be the development default for a local file:// lake only', () => {
    assert.doesNotThrow(() => requireOwnEmailKey(loadConfig({ LAKE_URL: 'file:///tmp/lake' })));
    assert.doesNotThrow(() => requireOwnEmailKey(loadConfig({ LAKE_URL: 's3://lake/raw', EMAIL_HASH_KEY: 'a-secret-of-our-own' })));
    assert.throws(
      () => requireOwnEmailKey(loadConfig({ LAKE_URL: 's3://lake/raw' })),
      (err: unknown) => err instanceof ConfigError && /^EMAIL_HASH_KEY: .*s3:\/\/lake\/raw.*set EMAIL_HASH_KEY/.test(err.problems[0] ?? ''),
    );
  });

  for (const command of [
    ['stream', 'all'],
    ['stream', 'lake'],
    ['worker', '--task-queue', 'never-polled'],
  ]) {
    it(`\`${command.join(' ')}\` refuses to start with the default key and an s3:// lake, naming the setting`, () => {
      const env = { ...process.env };
      delete env.EMAIL_HASH_KEY;
      const result = spawnSync(process.execPath, ['bin/streamify.js', ...command], {
        encoding: 'utf8',
        env: { ...env, LAKE_URL: 's3://streamify-lake/raw', KAFKA_BROKERS: '127.0.0.1:1', TEMPORAL_ADDRESS: '127.0.0.1:1' },
        timeout: 30_000,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /EMAIL_HASH_KEY: the development default may only key a local file:\/\/ lake/);
    });
  }
});
