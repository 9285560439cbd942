import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newClusterId } from '../../src/stack/kafka';
import { freePort } from './free-port';

/** A throwaway single-node KRaft broker from the local stack's jars, beside the shared one, which it never touches. */
export interface TestBroker {
  /** host:port of the client listener; the same across restarts. */
  readonly bootstrap: string;
  /** Stops the broker: SIGTERM is a controlled shutdown, SIGKILL a crash. Its data dir stays for start(). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts the stopped broker again, on the same data dir and ports; resolves once it listens. */
  start(): Promise<void>;
}

export interface TestBrokerOptions {
  /** The Kafka jars (the local stack's `kafka/libs`). */
  readonly libsDir: string;
  /** Holds server.properties, the data dir (`data/`) and broker.log. */
  readonly dir: string;
  /** Security protocol of the client listener. */
  readonly clientProtocol?: 'PLAINTEXT' | 'SASL_SSL';
  /** Further server properties, e.g. SASL and TLS settings of the client listener (named `client`). */
  readonly properties?: readonly string[];
  /** Further arguments of the storage tool's format, e.g. `--add-scram`. */
  readonly formatArgs?: readonly string[];
}

/** How long a cold JVM may take to open the listener. */
const START_TIMEOUT_MS = 90_000;
/** How long a controlled shutdown may take before the broker is killed. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Formats a fresh KRaft storage in dir and starts the broker. The client listener has the given protocol; the
 * inter-broker and controller listeners stay PLAINTEXT on loopback. The ports are picked once, so a restarted
 * broker is found where clients left it.
 */
export async function startTestBroker(o: TestBrokerOptions): Promise<TestBroker> {
  const [clientPort, internalPort, controllerPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const propsFile = join(o.dir, 'server.properties');
  writeFileSync(
    propsFile,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=CLIENT://127.0.0.1:${clientPort},INTERNAL://127.0.0.1:${internalPort},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=CLIENT://127.0.0.1:${clientPort},INTERNAL://127.0.0.1:${internalPort}`,
      `listener.security.protocol.map=CLIENT:${o.clientProtocol ?? 'PLAINTEXT'},INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=INTERNAL',
      `log.dirs=${join(o.dir, 'data')}`,
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      ...(o.properties ?? []),
      '',
    ].join('\n'),
  );
  const classpath = `${o.libsDir}/*`;
  execFileSync(
    'java',
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', propsFile, ...(o.formatArgs ?? [])],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const logFile = join(o.dir, 'broker.log');
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) throw new Error('the test broker is running');
    const log = openSync(logFile, 'a');
    const started = spawn('java', ['-Xms128m', '-Xmx512m', '-cp', classpath, 'kafka.Kafka', propsFile], { stdio: ['ignore', log, log] });
    child = started;
    try {
      await waitForPort(started, internalPort, logFile);
    } catch (err) {
      await stopChild(started, 'SIGKILL');
      throw err;
    }
  };
  await start();
  return {
    bootstrap: `127.0.0.1:${clientPort}`,
    stop: async (signal = 'SIGTERM') => {
      if (child !== undefined) await stopChild(child, signal);
    },
    start,
  };
}

/** The broker is up once its plaintext inter-broker listener accepts connections, which opens last. */
async function waitForPort(child: ChildProcess, port: number, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await accepts(port)) return;
    await sleep(250);
  }
  throw new Error(`the test broker did not start; its log ends:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
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

async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS)));
  const stopped = await Promise.race([exited.then(() => true), timedOut]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
