import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newClusterId } from '../../src/stack/kafka';
import type { TestCertificates } from './test-certificates';

/** A throwaway single-node Kafka with one SASL_SSL (SCRAM-SHA-512) listener, beside the shared local broker. */
export interface SecureBroker {
  readonly bootstrap: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

/** How long a cold JVM may take to open the listener. */
const START_TIMEOUT_MS = 90_000;

/**
 * Formats a fresh KRaft storage in dir with a SCRAM-SHA-512 user and starts the broker from the local
 * stack's jars (libsDir). Its certificate comes from the test; the inter-broker and controller listeners
 * stay PLAINTEXT on loopback, since only the client listener is under test.
 */
export async function startSecureBroker(libsDir: string, dir: string, certs: TestCertificates): Promise<SecureBroker> {
  const [clientPort, internalPort, controllerPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const username = 'streamify-test';
  const password = randomBytes(12).toString('base64url');
  const keystoreFile = join(dir, 'server-keystore.pem');
  writeFileSync(keystoreFile, readFileSync(certs.serverKeyFile, 'utf8') + readFileSync(certs.serverCertFile, 'utf8'));
  const propsFile = join(dir, 'server.properties');
  writeFileSync(
    propsFile,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=SECURE://127.0.0.1:${clientPort},INTERNAL://127.0.0.1:${internalPort},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=SECURE://127.0.0.1:${clientPort},INTERNAL://127.0.0.1:${internalPort}`,
      'listener.security.protocol.map=SECURE:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=INTERNAL',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'listener.name.secure.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystoreFile}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${certs.caCertFile}`,
      `log.dirs=${join(dir, 'data')}`,
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const classpath = `${libsDir}/*`;
  execFileSync(
    'java',
    [
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      newClusterId(),
      '-c',
      propsFile,
      '--add-scram',
      `SCRAM-SHA-512=[name=${username},password=${password}]`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const logFile = join(dir, 'broker.log');
  const log = openSync(logFile, 'a');
  const child = spawn('java', ['-Xms128m', '-Xmx512m', '-cp', classpath, 'kafka.Kafka', propsFile], { stdio: ['ignore', log, log] });
  try {
    await waitForPort(child, internalPort, logFile);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { bootstrap: `127.0.0.1:${clientPort}`, username, password, stop: () => stopChild(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The broker is up once its plaintext inter-broker listener accepts connections, which opens last. */
async function waitForPort(child: ChildProcess, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await accepts(port)) return;
    await sleep(250);
  }
  throw new Error(
    `the SASL_SSL test broker did not start; its log ends:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`,
  );
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!killed) child.kill('SIGKILL');
}
