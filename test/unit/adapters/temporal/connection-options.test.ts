import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../../src/config';
import { temporalConnectionOptions } from '../../../../src/adapters/temporal/connection-options';
import { tempDir, type TempDir } from '../../../support/temp-files';

describe('Temporal connection options', () => {
  let dir: TempDir;
  before(() => (dir = tempDir('temporal-options')));
  after(() => dir.remove());

  it('connects in plain text to the local dev server by default', () => {
    assert.deepEqual(temporalConnectionOptions(loadConfig({})), { address: '127.0.0.1:7233' });
  });

  it('uses mutual TLS with the certificate pair, the CA and the server name', () => {
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233',
      TEMPORAL_TLS_CERT_FILE: dir.write('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY_FILE: dir.write('client.key', 'KEY'),
      TEMPORAL_TLS_CA_FILE: dir.write('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const { address, tls, apiKey } = temporalConnectionOptions(c);
    assert.equal(address, 'acme.a1b2c.tmprl.cloud:7233');
    assert.equal(apiKey, undefined);
    assert.equal(tls?.serverNameOverride, 'temporal.internal');
    assert.equal(String(tls?.serverRootCACertificate), 'CA');
    assert.deepEqual([String(tls?.clientCertPair?.crt), String(tls?.clientCertPair?.key)], ['CERT', 'KEY']);
  });

  it('sends the API key over TLS with the system CAs', () => {
    const options = temporalConnectionOptions(
      loadConfig({ TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'key-1' }),
    );
    assert.deepEqual(options, { address: 'us-east-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'key-1' });
  });

  it('turns TLS on by itself with TEMPORAL_TLS=true', () => {
    assert.deepEqual(temporalConnectionOptions(loadConfig({ TEMPORAL_TLS: 'true' })).tls, {});
  });

  it('names the setting and the path of a key file that disappeared after loading', () => {
    const gone = tempDir('temporal-options-gone');
    const key = gone.write('client.key', 'KEY');
    const c = loadConfig({ TEMPORAL_TLS_CERT_FILE: dir.write('cert.pem', 'CERT'), TEMPORAL_TLS_KEY_FILE: key });
    gone.remove();
    assert.throws(
      () => temporalConnectionOptions(c),
      (err: unknown) => err instanceof ConfigError && err.message.includes(`TEMPORAL_TLS_KEY_FILE="${key}": cannot read the file`),
    );
  });
});
