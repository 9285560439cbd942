import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../../src/config';
import { kafkaSecurityOptions } from '../../../../src/adapters/kafka/security';
import { tempDir, type TempDir } from '../../../support/temp-files';

describe('Kafka security options', () => {
  let dir: TempDir;
  before(() => (dir = tempDir('kafka-security')));
  after(() => dir.remove());

  it('adds neither TLS nor SASL on PLAINTEXT, the local default', () => {
    assert.deepEqual(kafkaSecurityOptions(loadConfig({})), {});
  });

  it('turns TLS on with the system CAs when no CA file is given', () => {
    assert.deepEqual(kafkaSecurityOptions(loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL' })), { ssl: true });
  });

  it('reads the CA and the client certificate for mutual TLS', () => {
    const c = loadConfig({
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CA_FILE: dir.write('ca.pem', 'CA'),
      KAFKA_SSL_CERT_FILE: dir.write('client.pem', 'CERT'),
      KAFKA_SSL_KEY_FILE: dir.write('client.key', 'KEY'),
    });
    const { ssl, sasl } = kafkaSecurityOptions(c);
    assert.equal(sasl, undefined);
    assert.ok(typeof ssl === 'object');
    assert.deepEqual([String(ssl.ca), String(ssl.cert), String(ssl.key)], ['CA', 'CERT', 'KEY']);
    assert.equal(ssl.rejectUnauthorized, undefined, 'server verification stays on');
  });

  it('builds SCRAM credentials over TLS for SASL_SSL, and SASL alone for SASL_PLAINTEXT', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'app', KAFKA_SASL_PASSWORD: 'pw' };
    assert.deepEqual(kafkaSecurityOptions(loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', ...sasl })), {
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'pw' },
    });
    const plain = { ...sasl, KAFKA_SASL_MECHANISM: 'plain' };
    assert.deepEqual(kafkaSecurityOptions(loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', ...plain })), {
      sasl: { mechanism: 'plain', username: 'app', password: 'pw' },
    });
  });

  it('names the setting and the path of a CA file that disappeared after loading', () => {
    const gone = tempDir('kafka-security-gone');
    const path = gone.write('ca.pem', 'CA');
    const c = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: path });
    gone.remove();
    assert.throws(
      () => kafkaSecurityOptions(c),
      (err: unknown) => err instanceof ConfigError && err.message.includes(`KAFKA_SSL_CA_FILE="${path}": cannot read the file`),
    );
  });
});
