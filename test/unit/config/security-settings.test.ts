import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config';
import { tempDir, type TempDir } from '../../support/temp-files';

/** The problems loadConfig reports for an environment, or [] when it loads. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
}

describe('security settings', () => {
  let dir: TempDir;
  let pem: string;
  before(() => {
    dir = tempDir('security-settings');
    pem = dir.write('ca.pem', '-----BEGIN CERTIFICATE-----\n');
  });
  after(() => dir.remove());

  it('defaults to PLAINTEXT Kafka and a plain Temporal connection', () => {
    const c = loadConfig({});
    assert.equal(c.kafkaSecurityProtocol, 'PLAINTEXT');
    assert.equal(c.temporalTls, false);
    assert.equal(c.temporalApiKey, undefined);
  });

  it('names the setting and the path of a certificate file that cannot be read, at load time', () => {
    const missing = `${dir.path}/nowhere/ca.pem`;
    const [kafka = ''] = problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: missing });
    assert.match(kafka, new RegExp(`^KAFKA_SSL_CA_FILE="${missing}": cannot read the file \\(ENOENT`));
    const [temporal = ''] = problemsOf({ TEMPORAL_TLS_CERT_FILE: missing, TEMPORAL_TLS_KEY_FILE: pem });
    assert.match(temporal, new RegExp(`^TEMPORAL_TLS_CERT_FILE="${missing}": cannot read the file`));
  });

  it('refuses SASL without its mechanism, user name and password', () => {
    assert.deepEqual(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'app' }), [
      'KAFKA_SASL_MECHANISM: required when KAFKA_SECURITY_PROTOCOL=SASL_SSL',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SECURITY_PROTOCOL=SASL_SSL',
    ]);
  });

  it('refuses SASL and TLS settings that the protocol would silently ignore', () => {
    assert.deepEqual(problemsOf({ KAFKA_SASL_USERNAME: 'app', KAFKA_SSL_CA_FILE: pem }), [
      'KAFKA_SASL_USERNAME: only used when KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT or SASL_SSL (it is PLAINTEXT)',
      'KAFKA_SSL_CA_FILE: only used when KAFKA_SECURITY_PROTOCOL is SSL or SASL_SSL (it is PLAINTEXT)',
    ]);
  });

  it('accepts a complete SASL_SSL setup with a custom CA', () => {
    const env = {
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: pem,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'app',
      KAFKA_SASL_PASSWORD: 'pw',
    };
    assert.deepEqual(problemsOf(env), []);
  });

  it('wants a client certificate and its key together', () => {
    assert.deepEqual(problemsOf({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: pem }), [
      'KAFKA_SSL_KEY_FILE: required with KAFKA_SSL_CERT_FILE',
    ]);
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_KEY_FILE: pem }), ['TEMPORAL_TLS_CERT_FILE: required with TEMPORAL_TLS_KEY_FILE']);
  });

  it('requires a Snowflake password or private key file with WAREHOUSE=snowflake', () => {
    const base = { WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'acme', SNOWFLAKE_USER: 'etl' };
    assert.deepEqual(problemsOf(base), ['SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_FILE: one is required when WAREHOUSE=snowflake']);
    assert.deepEqual(problemsOf({ ...base, SNOWFLAKE_PASSWORD: 'pw' }), []);
    assert.deepEqual(problemsOf({ ...base, SNOWFLAKE_PRIVATE_KEY_FILE: pem }), []);
  });

  it('refuses a plain-http SNOWFLAKE_URL except to a stand-in on this machine', () => {
    const snowflake = { WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'acme', SNOWFLAKE_USER: 'etl', SNOWFLAKE_PASSWORD: 'x' };
    assert.deepEqual(problemsOf({ ...snowflake, SNOWFLAKE_URL: 'https://acme.privatelink.snowflakecomputing.com' }), []);
    assert.deepEqual(problemsOf({ ...snowflake, SNOWFLAKE_URL: 'http://127.0.0.1:4567' }), []);
    const [problem] = problemsOf({ ...snowflake, SNOWFLAKE_URL: 'http://warehouse.internal:80' });
    assert.match(problem ?? '', /^SNOWFLAKE_URL: http:\/\/ would send the credentials in clear to warehouse\.internal.*use https:\/\//);
  });

  it('never echoes a secret value in an error', () => {
    const problems = problemsOf({ SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'hunter2-passphrase' });
    assert.deepEqual(problems, ['SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: only used when SNOWFLAKE_PRIVATE_KEY_FILE is set']);
  });
});
