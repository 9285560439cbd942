import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import type { DatasetName } from '../../src/domain/lake';
import { DEFAULT_GENERATOR_OPTIONS, usersToSustain } from '../../src/domain/generator';
import { stackRoot } from '../../src/stack/service';
import { openLakeStore } from '../../src/adapters/lake';
import { lakeSources, runLakeSink } from '../../src/streaming/lake-sink';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { assertAlertsOfInput, committed, fraudConsumerEnv, fraudTopics, readPartitioned } from '../support/fraud';
import { freshTopics, messageCount } from '../support/kafka';
import { lakeTopics, readLake } from '../support/lake';
import { tempDir, type TempDir } from '../support/temp-files';
import { startTestBroker, type TestBroker } from '../support/test-broker';
import { until } from '../support/until';

/** Events per second produced in real time while the broker goes away and comes back. */
const RATE = 2000;
/** Real-time production lasts this long; the broker is stopped a third of the way in. */
const PRODUCE_MS = 30_000;
/** How long the broker stays down before it is started again. */
const DOWN_MS = 5000;

/** Asserts that a local lake's dataset holds `expected` rows, each id once. */
async function assertInLakeOnce(root: string, dataset: DatasetName, idColumn: string, expected: number, what: string): Promise<void> {
  const ids = (await readLake(root, dataset)).map((r) => String(r[idColumn]));
  assert.equal(new Set(ids).size, expected, `every ${what} is in the lake`);
  assert.equal(ids.length, expected, `no ${what} is in the lake twice`);
}

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

  it('starts the lake sink over when it loses the broker beyond its client’s retries, and loses and repeats no row', async () => {
    const topics = await lakeTopics(kafka);
    const groupId = uniqueName('lake-starts-over');
    const lake = tempDir('lake-starts-over');
    const store = openLakeStore(testConfig({ LAKE_URL: `file://${lake.path}` }));
    // A client that retries once, at once: the stopped broker soon crashes the sink's consumer.
    const impatient = createKafka(testConfig({ KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap }), {
      retry: { retries: 1, initialRetryTime: 100 },
    });
    const stop = new AbortController();
    const sink = runLakeSink({
      kafka: impatient,
      store,
      sources: lakeSources(topics),
      groupId,
      policy: { maxMessages: 2000, maxAgeMs: 1000 },
      emailHashKey: 'broker-restart',
      log: testLogger(),
      signal: stop.signal,
    });
    let failure: unknown;
    sink.catch((err: unknown) => (failure = err));
    /** Fails the wait at once if the sink has given up. */
    const running = (): true => {
      if (failure !== undefined) throw failure;
      return true;
    };
    try {
      const generator = {
        ...DEFAULT_GENERATOR_OPTIONS,
        startMs: Date.now(),
        ratePerSecond: RATE,
        users: usersToSustain(RATE),
      };
      const producing = produceEvents({ kafka, topics, generator, realTime: true, durationMs: PRODUCE_MS / 2, batchSize: 500 });
      await until('some input is committed', async () => running() && (await committed(kafka, groupId, topics.sales)) > 0);
      await broker.stop('SIGKILL');
      await sleep(DOWN_MS);
      await broker.start();
      const stats = await producing;
      assert.equal(stats.errors, 0, 'the producer lost no batch');
      await until(
        'the lake sink has committed all input',
        async () =>
          running() &&
          (await committed(kafka, groupId, topics.sales)) >= stats.purchases &&
          (await committed(kafka, groupId, topics.activity)) >= stats.activity,
      );
      stop.abort();
      const sinkStats = await sink;
      assert.ok(sinkStats.restarts >= 1, 'the sink started over');
      await assertInLakeOnce(lake.path, 'transactions', 'transaction_id', stats.purchases, 'purchase');
      await assertInLakeOnce(lake.path, 'activity', 'event_id', stats.activity, 'activity event');
    } finally {
      stop.abort();
      await sink.catch(() => undefined);
      store.close();
      lake.remove();
    }
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`loses and repeats no input, alert or lake row when the broker is stopped with ${signal} and started again; producer and consumers recover by themselves`, async () => {
      const topics = await fraudTopics(kafka);
      const groupId = uniqueName('fraud-broker-restart');
      const analyticsGroup = uniqueName('analytics-broker-restart');
      const lakeGroup = uniqueName('lake-broker-restart');
      const lake = tempDir('broker-restart-lake');
      let logs = '';
      // All three consumers in one process, as `stream all` runs them locally.
      const child = spawn(process.execPath, ['bin/streamify.js', 'stream', 'all'], {
        env: {
          ...fraudConsumerEnv(topics, groupId),
          KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
          KAFKA_TOPIC_ANALYTICS: uniqueName('analytics'),
          ANALYTICS_CONSUMER_GROUP: analyticsGroup,
          LAKE_CONSUMER_GROUP: lakeGroup,
          LAKE_URL: `file://${lake.path}`,
          LAKE_FLUSH_MESSAGES: '2000',
          LAKE_FLUSH_AGE_MS: '1000',
        },
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
        await until('the consumers run', () => running() && logs.includes('consumers running'));

        const generator = {
          ...DEFAULT_GENERATOR_OPTIONS,
          startMs: Date.now(),
          ratePerSecond: RATE,
          users: usersToSustain(RATE),
          fraudRate: 0.05,
        };
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
        await until(
          'the analytics consumer has taken in all purchases',
          async () => running() && (await committed(kafka, `${analyticsGroup}-panes`, topics.sales)) >= inputCount,
        );
        await until(
          'the lake sink has committed all purchases',
          async () => running() && (await committed(kafka, lakeGroup, topics.sales)) >= inputCount,
        );
        await assertInLakeOnce(lake.path, 'transactions', 'transaction_id', inputCount, 'purchase');

        const input = await readPartitioned(kafka, topics.sales, inputCount);
        await assertAlertsOfInput(kafka, topics.fraud, input);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, `clean exit on SIGTERM:\n${logs.slice(-3000)}`);
      lake.remove();
    });
  }
});
