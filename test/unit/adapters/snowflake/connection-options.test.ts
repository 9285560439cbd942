import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../../src/config';
import { snowflakeConnectionOptions } from '../../../../src/adapters/snowflake/connection-options';
import { tempDir, type TempDir } from '../../../support/temp-files';

const SNOWFLAKE = { WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'acme-xy12345', SNOWFLAKE_USER: 'STREAMIFY_ETL' };

describe('Snowflake connection options', () => {
  let dir: TempDir;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const plainPkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  before(() => (dir = tempDir('snowflake-options')));
  after(() => dir.remove());

  it('logs in with the password, in the configured warehouse, database, schema and role', () => {
    const options = snowflakeConnectionOptions(loadConfig({ ...SNOWFLAKE, SNOWFLAKE_PASSWORD: 'pw', SNOWFLAKE_ROLE: 'ETL_ROLE' }));
    assert.deepEqual(options, {
      account: 'acme-xy12345',
      username: 'STREAMIFY_ETL',
      warehouse: 'COMPUTE_WH',
      database: 'STREAMIFY_ANALYTICS',
      schema: 'PUBLIC',
      role: 'ETL_ROLE',
      application: 'streamify',
      authenticator: 'SNOWFLAKE',
      password: 'pw',
    });
  });

  it('prefers key-pair authentication (SNOWFLAKE_JWT) with the key read from the file', () => {
    const keyFile = dir.write('rsa_key.p8', plainPkcs8);
    const options = snowflakeConnectionOptions(loadConfig({ ...SNOWFLAKE, SNOWFLAKE_PASSWORD: 'pw', SNOWFLAKE_PRIVATE_KEY_FILE: keyFile }));
    assert.equal(options.authenticator, 'SNOWFLAKE_JWT');
    assert.equal(options.privateKey, plainPkcs8);
    assert.equal(options.password, undefined);
    assert.equal(options.role, undefined);
  });

  it('decrypts an encrypted key with the passphrase into the unencrypted PKCS#8 the driver takes', () => {
    const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'open sesame' }).toString();
    const keyFile = dir.write('rsa_key_encrypted.p8', encrypted);
    const options = snowflakeConnectionOptions(
      loadConfig({ ...SNOWFLAKE, SNOWFLAKE_PRIVATE_KEY_FILE: keyFile, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'open sesame' }),
    );
    assert.match(String(options.privateKey), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(createPrivateKey(String(options.privateKey)).export({ format: 'pem', type: 'pkcs8' }).toString(), plainPkcs8);
  });

  it('names the key file when the passphrase is wrong, without echoing the passphrase', () => {
    const encrypted = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'right' }).toString();
    const keyFile = dir.write('rsa_key_wrong.p8', encrypted);
    const c = loadConfig({ ...SNOWFLAKE, SNOWFLAKE_PRIVATE_KEY_FILE: keyFile, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'wrong-passphrase' });
    assert.throws(
      () => snowflakeConnectionOptions(c),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message.includes(`SNOWFLAKE_PRIVATE_KEY_FILE="${keyFile}": not a usable PEM private key`) &&
        err.message.includes('is SNOWFLAKE_PRIVATE_KEY_PASSPHRASE right?') &&
        !err.message.includes('wrong-passphrase'),
    );
  });
});
