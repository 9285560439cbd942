import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stackDown, stackStatus, stackUp } from '../../src/stack';
import { testConfig, testLogger } from '../support/config';

let startedHere = false;

/**
 * Root hooks: bring the local stack up once for the whole run, or use the one already running.
 * A stack this run started is stopped at the end unless STREAMIFY_KEEP_STACK=1.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60_000);
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const config = testConfig();
    const status = await stackStatus(config);
    if (status.every((s) => s.ready)) return;
    startedHere = status.every((s) => s.pid === undefined);
    await stackUp(config, testLogger());
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    if (startedHere && process.env.STREAMIFY_KEEP_STACK !== '1') await stackDown(testConfig(), testLogger());
  },
};
