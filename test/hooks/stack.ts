import { DefaultLogger, Runtime } from '@temporalio/worker';
import { stackDown, stackStatus, stackUp } from '../../src/stack';
import { testConfig, testLogger } from '../support/config';
import { everyServiceAnswers } from '../support/stack-answers';

let startedHere = false;

/**
 * Root hooks: use the stack that answers on the configured addresses, whoever started it (and leave it running), or
 * bring this checkout's up once for the whole run. A stack this run started is stopped at the end unless
 * STREAMIFY_KEEP_STACK=1.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60_000);
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const config = testConfig();
    if (await everyServiceAnswers(config)) return;
    startedHere = (await stackStatus(config)).every((s) => s.pid === undefined);
    await stackUp(config, testLogger());
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    if (startedHere && process.env.STREAMIFY_KEEP_STACK !== '1') await stackDown(testConfig(), testLogger());
  },
};
