import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('the leak hook of mocha runs without --exit', () => {
  it('fails the run naming each resource a test left open, with the test and the line, and ends the process', function () {
    this.timeout(60_000);
    const result = spawnSync(
      process.execPath,
      [
        require.resolve('mocha/bin/mocha.js'),
        '--no-config',
        '-r',
        'tsx/cjs',
        '-r',
        'test/hooks/leaks.ts',
        join(__dirname, 'fixtures', 'leaky-spec.ts'),
      ],
      { encoding: 'utf8', env: { ...process.env, TEST_EXIT_GRACE_MS: '1000' }, timeout: 60_000 },
    );
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 1, output);
    assert.match(output, /1 passing/);
    assert.match(output, /tests left open what keeps the process alive/);
    assert.match(output, /Timeout opened during "a test that forgets to close opens a server and an interval"\n\s+at .*leaky-spec\.ts:6:/);
    assert.match(output, /TCPSERVERWRAP opened during "a test that forgets to close opens a server and an interval"/);
    assert.match(output, /did not exit 1 s after the leak report/);
  });
});
