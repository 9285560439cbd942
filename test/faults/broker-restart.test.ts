import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import type { Alert } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, usersToSustain } from '../../src/domain/generator';
import { stackRoot } from '../../src/stack/service';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig, uniqueName } from '../support/config';
import { committed, expectedAlerts, fraudConsumerEnv, fraudTopics, readPartitioned } from '../support/fraud';
import { freshTopics, messageCount, readAll } from '../support/kafka';
import { tempDir, type TempDir } from '../support/temp-files';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { until } from '../support/until';

/** Events per second produced in real time while the broker goes away and comes back. */
const RATE = 2000;
/** Real-time production lasts this long; the broker is stopped a third of the way in. */
const PRODUCE_MS = 30_000;
/** How long the broker stays down before it is started again. */
const DOWN_MS = 5000;

describe('a broker restart mid-stream', function () {
  this.timeout(300_000);
  let dir: TempDir;
  let broker: TestBroker;
  let kafka: Kafka;
  let consumer: ChildProcess | undefined;

  before(async function () {
    this.timeout(120_000);
    // A broker of the test's own: the shared stack's broker is never restarted.
    dir = tempDir('broker-restart');
    broker = await startTestBroker({ libsDir: join(stackRoot(testConfig()), 'kafka', 'libs'), dir: dir.path });
    kafka = createKafka(testConfig({ KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap }));
    // A broker that has just started may not yet know a topic it created (kafkajs then fails the creation).
    await until('the new broker creates topics', () =>
      freshTopics(kafka, ['warm-up']).then(
        () => true,
        () => false,
      ),
    );
  });

  afterEach(() => {
    // A test that failed may leave its consumer running.
    if (consumer?.exitCode === null && consumer.signalCode === null) consumer.kill('SIGKILL');
  });

  after(async () => {
    await broker?.stop('SIGKILL');
    dir?.remove();
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`loses and repeats no input or alert when the broker is stopped with ${signal} and started again; producer and consumer recover by themselves`, async () => {
      const topics = await fraudTopics(kafka);
      const groupId = uniqueName('fraud-broker-restart');
      let logs = '';
      const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'fraud'], {
        env: { ...fraudConsumerEnv(topics, groupId), KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      consumer = child;
      child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      /** Fails the wait at once, with the consumer's logs, if the consumer has died. */
      const running = (): true => {
        assert.equal(child.exitCode, null, `the consumer is still running:\n${logs.slice(-3000)}`);
        return true;
      };
      try {
        await until('the consumer has partitions', () => running() && logs.includes('partitions assigned'));

        const generator = new EventGenerator({
          ...DEFAULT_GENERATOR_OPTIONS,
          startMs: Date.now(),
          ratePerSecond: RATE,
          users: usersToSustain(RATE),
          fraudRate: 0.05,
        });
        // One producer for the whole run: it must ride out the restart, not be replaced.
        const producing = produceEvents({ kafka, topics, generator, realTime: true, durationMs: PRODUCE_MS, batchSize: 500 });
        await until('some input is committed', async () => running() && (await committed(kafka, groupId, topics.sales)) > 0);
        await sleep(PRODUCE_MS / 3);
        const committedBefore = await committed(kafka, groupId, topics.sales);
        await broker.stop(signal);
        await sleep(DOWN_MS);
        running();
        await broker.start();

        const stats = await producing;
        assert.equal(stats.errors, 0, 'the producer lost no batch');
        const inputCount = await messageCount(kafka, topics.sales);
        assert.equal(inputCount, stats.purchases, 'every purchase is on the topic once');
        await until('all input is committed', async () => running() && (await committed(kafka, groupId, topics.sales)) >= inputCount);
        assert.ok(committedBefore < inputCount, `the broker went away mid-stream (${committedBefore} of ${inputCount} committed)`);

        const input = await readPartitioned(kafka, topics.sales, inputCount);
        const expected = expectedAlerts(input);
        assert.ok(expected.length > 50, `enough alerts to judge (${expected.length})`);
        const actual = (await readAll(kafka, [topics.fraud], expected.length, 3000)).map(
          (r) => JSON.parse(String(r.message.value)) as Alert,
        );
        const key = (a: Alert): string => `${a.alert_id}/${a.severity}`;
        assert.equal(actual.length, expected.length, 'as many alerts as the engine raises over the input, none twice');
        assert.deepEqual(actual.map(key).sort(), expected.map(key).sort());
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, `clean exit on SIGTERM:\n${logs.slice(-3000)}`);
    });
  }
});
