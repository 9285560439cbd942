import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testConfig } from '../support/config';
import { everyServiceAnswers } from '../support/stack-answers';
import { tempDir, type TempDir } from '../support/temp-files';

const run = promisify(execFile);

describe('tests against a stack started elsewhere', function () {
  this.timeout(180_000);
  let elsewhere: TempDir;
  before(() => (elsewhere = tempDir('stack-elsewhere')));
  after(() => elsewhere.remove());

  it('the test hook uses the services that answer on the configured addresses, starts none and stops none', async () => {
    // The stack this run uses was started from another folder (or by this run): for a run whose STACK_DIR is a
    // new, empty folder it is a stack started elsewhere, with every port taken.
    const { stdout } = await run(
      process.execPath,
      [
        require.resolve('mocha/bin/mocha.js'),
        '--no-config',
        ...['-r', 'tsx/cjs', '-r', 'test/support/env.ts', '-r', 'test/hooks/stack.ts', '-r', 'test/hooks/leaks.ts'],
        'test/integration/kafka.test.ts',
        'test/integration/s3.test.ts',
      ],
      { env: { ...process.env, STACK_DIR: elsewhere.path }, encoding: 'utf8' },
    );
    assert.match(stdout, /3 passing/);
    const pidFiles = join(elsewhere.path, 'run');
    assert.deepEqual(existsSync(pidFiles) ? readdirSync(pidFiles) : [], [], 'no service started from the new folder');
    assert.ok(await everyServiceAnswers(testConfig()), 'the stack still answers after that run');
  });
});
