import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { stackRoot } from '../../src/stack/service';
import { testConfig } from '../support/config';
import { roundTrip } from '../support/kafka';
import { startSecureBroker, type SecureBroker } from '../support/secure-broker';
import { generateTestCertificates, hasOpenssl, type TestCertificates } from '../support/test-certificates';
import { tempDir, type TempDir } from '../support/temp-files';

describe('Kafka over SASL_SSL with SCRAM-SHA-512 and a private CA', function () {
  this.timeout(180_000);
  const libs = join(stackRoot(testConfig()), 'kafka', 'libs');
  let dir: TempDir;
  let certs: TestCertificates;
  let broker: SecureBroker;

  before(async function () {
    // Needs the local stack's Kafka jars and openssl to sign the test's certificates.
    if (!hasOpenssl() || !existsSync(libs)) this.skip();
    dir = tempDir('sasl-ssl');
    certs = generateTestCertificates(dir.path);
    broker = await startSecureBroker(libs, dir.path, certs);
  });

  after(async () => {
    await broker?.stop();
    dir?.remove();
  });

  function secureKafka(settings: Record<string, string>): Kafka {
    const config = testConfig({
      KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: certs.caCertFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.username,
      KAFKA_SASL_PASSWORD: broker.password,
      ...settings,
    });
    return createKafka(config, { retry: { retries: 2, initialRetryTime: 200 } });
  }

  it('produces and consumes through createKafka configured from the settings', async () => {
    const sent = { key: 'u-000001', value: '{"over":"sasl_ssl"}' };
    assert.deepEqual(await roundTrip(secureKafka({}), 'secure', sent, 1), sent);
  });

  it('fails with an authentication error on a wrong password', async () => {
    const admin = secureKafka({ KAFKA_SASL_PASSWORD: 'not-the-password' }).admin();
    await assert.rejects(admin.connect(), (err: Error) => {
      assert.match(err.message, /SASL SCRAM SHA512 authentication failed/);
      assert.ok(!err.message.includes('not-the-password'), 'the error must not echo the password');
      return true;
    });
    await admin.disconnect();
  });

  it('refuses the broker’s certificate without the CA file', async () => {
    const admin = secureKafka({ KAFKA_SSL_CA_FILE: '' }).admin();
    await assert.rejects(admin.connect(), /certificate/);
    await admin.disconnect();
  });
});
