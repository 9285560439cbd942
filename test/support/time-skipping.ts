import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from '../../src/config';
import { PACKAGE_ROOT, stackRoot } from '../../src/stack/service';
import { requireTool, runToCompletion } from '../../src/stack/tools';
import { testConfig } from './config';

/** The main class of the Java SDK's test server: `TestServer <port> [--enable-time-skipping]`. */
const TEST_SERVER_CLASS = 'io.temporal.testserver.TestServer';

/**
 * The start script of Temporal's time-skipping test server, provisioned on first use into the stack folder: its
 * jars come from Maven Central through stack/temporal-test-server/pom.xml (as the stack's Kafka jars do), because
 * the SDK's own way, downloading a release binary, is closed here. The first call may take a minute or two.
 */
export async function timeSkippingServerScript(config: Config = testConfig()): Promise<string> {
  const dir = join(stackRoot(config), 'temporal-test-server');
  const libs = join(dir, 'libs');
  // Written after Maven has copied every jar, so an interrupted first run is redone rather than half used.
  const resolved = join(dir, 'libs.resolved');
  const script = join(dir, 'test-server');
  if (!existsSync(resolved)) {
    await requireTool('java', ['-version'], 'install a Java runtime, 17 or later (Debian: apt-get install openjdk-17-jre-headless)');
    await requireTool('mvn', ['--version'], 'install Apache Maven (Debian: apt-get install maven)');
    rmSync(libs, { recursive: true, force: true });
    mkdirSync(libs, { recursive: true });
    await runToCompletion(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(PACKAGE_ROOT, 'stack', 'temporal-test-server', 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      'mvn dependency:copy-dependencies (the Temporal test server)',
    );
    writeFileSync(resolved, `${new Date().toISOString()}\n`);
  }
  // `exec`, so the process the SDK starts and later kills is the server itself; its log goes to a file, not the tests'.
  const log = join(dir, 'test-server.log');
  writeFileSync(script, `#!/bin/sh\nexec java -Xmx512m -cp '${libs}/*' ${TEST_SERVER_CLASS} "$@" >>'${log}' 2>&1\n`);
  chmodSync(script, 0o755);
  return script;
}

/**
 * A time-skipping test environment on Temporal's Java test server (a port of its own): a workflow's timers fire
 * as soon as nothing else is pending, so a 24 h wait takes about a second. Its owner calls `teardown()`.
 */
export async function createTimeSkippingEnv(config: Config = testConfig()): Promise<TestWorkflowEnvironment> {
  const path = await timeSkippingServerScript(config);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
