import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { tempDir, type TempDir } from '../../support/temp-files';

/** One value per secret setting, distinctive enough that any leak shows up in a plain text search. */
const SECRETS = {
  KAFKA_SASL_PASSWORD: 'sasl-password-7f3a9c',
  TEMPORAL_API_KEY: 'temporal-api-key-51d0e2',
  SNOWFLAKE_PASSWORD: 'snowflake-password-a4b8e1',
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'snowflake-passphrase-c2f6d9',
  EMAIL_HASH_KEY: 'email-hash-key-90ab3e',
};

const SECURE_KAFKA = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'streamify' };

function assertNoSecret(output: string): void {
  for (const [name, value] of Object.entries(SECRETS)) assert.ok(!output.includes(value), `${name} leaked:\n${output}`);
}

describe('secrets in a real run of the command', () => {
  let dir: TempDir;
  let keyFile: string;
  before(() => {
    dir = tempDir('secrets');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const encrypted = privateKey.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: SECRETS.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE,
    });
    keyFile = dir.write('rsa_key.p8', encrypted);
  });
  after(() => dir.remove());

  /** Runs `streamify …args` with the secrets configured and returns everything it printed. */
  function run(args: readonly string[], env: Record<string, string>): { status: number | null; output: string } {
    const result = spawnSync('node', ['bin/streamify.js', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LOG_FORMAT: 'json', ...SECURE_KAFKA, SNOWFLAKE_PRIVATE_KEY_FILE: keyFile, ...SECRETS, ...env },
      timeout: 60_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('`config show` masks every secret', () => {
    const { status, output } = run(['config', 'show'], {});
    assert.equal(status, 0, output);
    assert.match(output, /KAFKA_SASL_PASSWORD\s+\*{8}/);
    assertNoSecret(output);
  });

  it('the worker logs its configuration at debug level with the secrets redacted', () => {
    // Port 1 refuses at once, so the worker logs its configuration and fails before doing anything else; it binds no
    // metrics port (a worker of `npm start` on this machine holds the default one).
    const { status, output } = run(['worker'], { LOG_LEVEL: 'debug', TEMPORAL_ADDRESS: '127.0.0.1:1', WORKER_METRICS_PORT: '0' });
    assert.equal(status, 1, output);
    assert.match(output, /"msg":"worker configuration"/);
    assert.match(output, /"temporalApiKey":"\[redacted\]"/);
    assertNoSecret(output);
  });

  it('a configuration error names the setting and the path, and echoes no secret', () => {
    const { status, output } = run(['config', 'show'], { KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem', KAFKA_SASL_MECHANISM: 'scram' });
    assert.equal(status, 2, output);
    assert.match(output, /KAFKA_SSL_CA_FILE="\/nonexistent\/ca.pem": cannot read the file \(ENOENT/);
    assertNoSecret(output);
  });
});
