import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { configReference } from '../../../src/config';
import { settings, shownDefault, type Setting } from '../../../src/config/settings';

describe('the configuration reference', () => {
  it('is committed as docs/CONFIGURATION.md exactly as `streamify config docs` prints it', () => {
    const printed = execFileSync('node', ['bin/streamify.js', 'config', 'docs'], { encoding: 'utf8' });
    assert.equal(printed, configReference());
    assert.equal(readFileSync('docs/CONFIGURATION.md', 'utf8'), printed, 'regenerate with: npm run docs:config');
  });

  it('has one table row per setting, under its group, with its default', () => {
    const reference = configReference();
    for (const s of Object.values(settings) as Setting<unknown>[]) {
      const rows = reference.split('\n').filter((line) => line.startsWith(`| \`${s.name}\` `));
      assert.equal(rows.length, 1, `${s.name} has one row`);
      const shown = shownDefault(s);
      assert.match(rows[0] ?? '', new RegExp(`\\| ${shown === '' ? '\\(none\\)' : `\`${shown.replace(/[$.]/g, '\\$&')}\``} +\\|`));
      assert.ok(reference.indexOf(`## ${s.group}\n`) < reference.indexOf(rows[0] ?? ''), `${s.name} is under ## ${s.group}`);
    }
  });
});
