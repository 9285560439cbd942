import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { createKafka } from '../adapters/kafka/client';
import { startDetached } from './process';
import { PACKAGE_ROOT, managedProcess, stackRoot, type StackService } from './service';
import { requireTool, runToCompletion } from './tools';

/**
 * A new KRaft cluster id: 16 random bytes in base64url, as Kafka makes them. Never one that starts with `-`, which
 * the storage tool would read as an option (one id in 64 would).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Apache Kafka 3.9, single-node KRaft, from the Maven Central jars of stack/kafka/pom.xml. */
export function kafkaService(c: Config): StackService {
  const dir = join(stackRoot(c), 'kafka');
  const libs = join(dir, 'libs');
  const dataDir = join(dir, 'data');
  const propsFile = join(dir, 'server.properties');
  const log4jFile = join(dir, 'log4j.properties');
  const proc = managedProcess(c, 'kafka', propsFile);
  const address = `127.0.0.1:${c.kafkaPort}`;
  const classpath = `${libs}/*`;

  return {
    process: proc,
    ports: [
      { port: c.kafkaPort, setting: 'KAFKA_PORT' },
      { port: c.kafkaControllerPort, setting: 'KAFKA_CONTROLLER_PORT' },
    ],
    endpoints: [{ label: 'Kafka bootstrap', address }],
    readyTimeoutMs: 120_000,

    async provision(log) {
      await requireJava17();
      mkdirSync(dir, { recursive: true });
      if (!hasKafkaJars(libs)) {
        await requireTool('mvn', ['--version'], 'install Apache Maven (Debian: apt-get install maven)');
        log.info('resolving the Kafka jars with Maven (first run only)');
        await runToCompletion(
          'mvn',
          [
            '-q',
            '-B',
            '-f',
            join(PACKAGE_ROOT, 'stack', 'kafka', 'pom.xml'),
            'dependency:copy-dependencies',
            `-DoutputDirectory=${libs}`,
            '-DincludeScope=runtime',
          ],
          'mvn dependency:copy-dependencies',
        );
      }
      writeFileSync(propsFile, serverProperties(c, dataDir));
      writeFileSync(log4jFile, LOG4J_PROPERTIES);
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        log.info({ dataDir }, 'formatting the Kafka storage (first run only)');
        await runToCompletion(
          'java',
          ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', propsFile],
          'formatting the Kafka storage',
        );
      }
    },

    async start() {
      mkdirSync(join(dir, 'logs'), { recursive: true });
      const jvm = [
        '-Xms256m',
        '-Xmx1g',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${log4jFile}`,
        `-Dkafka.logs.dir=${join(dir, 'logs')}`,
      ];
      return startDetached(proc, 'java', [...jvm, '-cp', classpath, 'kafka.Kafka', propsFile]);
    },

    async probe() {
      const admin = createKafka({ kafkaBootstrapServers: address, kafkaClientId: 'streamify-stack' }, { retry: { retries: 0 } }).admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
    },
  };
}

function hasKafkaJars(libs: string): boolean {
  return existsSync(libs) && readdirSync(libs).some((f) => /^kafka_2\.13-3\.9\.\d+\.jar$/.test(f));
}

async function requireJava17(): Promise<void> {
  const out = await requireTool('java', ['-version'], 'install JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)');
  const major = Number(/version "(\d+)/.exec(out)?.[1] ?? 0);
  if (major < 17)
    throw new Error(`Kafka needs Java 17 or newer, found ${major}: install JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)`);
}

function serverProperties(c: Config, dataDir: string): string {
  return `# Written by \`streamify stack up\`; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${c.kafkaControllerPort}
listeners=PLAINTEXT://127.0.0.1:${c.kafkaPort},CONTROLLER://127.0.0.1:${c.kafkaControllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${c.kafkaPort}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir}
num.partitions=${c.topicPartitions}
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
group.initial.rebalance.delay.ms=0
log.retention.hours=168
`;
}

const LOG4J_PROPERTIES = `log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.ControllerServer=INFO
`;
