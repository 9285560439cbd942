import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestBroker } from './test-broker';
import type { TestCertificates } from './test-certificates';

/** A throwaway single-node Kafka with one SASL_SSL (SCRAM-SHA-512) listener, beside the shared local broker. */
export interface SecureBroker {
  readonly bootstrap: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

/**
 * Formats a fresh KRaft storage in dir with a SCRAM-SHA-512 user and starts the broker from the local
 * stack's jars (libsDir). Its certificate comes from the test; the inter-broker and controller listeners
 * stay PLAINTEXT on loopback, since only the client listener is under test.
 */
export async function startSecureBroker(libsDir: string, dir: string, certs: TestCertificates): Promise<SecureBroker> {
  const username = 'streamify-test';
  const password = randomBytes(12).toString('base64url');
  const keystoreFile = join(dir, 'server-keystore.pem');
  writeFileSync(keystoreFile, readFileSync(certs.serverKeyFile, 'utf8') + readFileSync(certs.serverCertFile, 'utf8'));
  const broker = await startTestBroker({
    libsDir,
    dir,
    clientProtocol: 'SASL_SSL',
    properties: [
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystoreFile}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${certs.caCertFile}`,
    ],
    formatArgs: ['--add-scram', `SCRAM-SHA-512=[name=${username},password=${password}]`],
  });
  return { bootstrap: broker.bootstrap, username, password, stop: () => broker.stop() };
}
