import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

describe('the streamify command', () => {
  it('lists every command with a one-line description in --help', () => {
    const help = execFileSync('node', ['bin/streamify.js', '--help'], { encoding: 'utf8' });
    for (const command of ['stack', 'topics', 'config']) assert.match(help, new RegExp(`^  ${command}\\s+\\S`, 'm'));
  });

  it("shows generate --start's default as an ISO time, not epoch milliseconds", () => {
    const help = execFileSync('node', ['bin/streamify.js', 'generate', '--help'], { encoding: 'utf8' });
    assert.match(help, /--start <time>[\s\S]*\(default:\s+2026-01-01T00:00:00\.000Z\)/);
    assert.doesNotMatch(help, /default:\s+1767225600000/);
  });

  it('fails at start with the setting name and exit code 2 on bad configuration', () => {
    let status: number | null = null;
    let stderr = '';
    try {
      execFileSync('node', ['bin/streamify.js', 'config', 'show'], {
        encoding: 'utf8',
        env: { ...process.env, GLUE_MODE: 'cloud' },
        stdio: 'pipe',
      });
    } catch (err) {
      ({ status, stderr } = err as { status: number; stderr: string });
    }
    assert.equal(status, 2);
    assert.match(stderr, /GLUE_MODE="cloud"/);
  });
});
