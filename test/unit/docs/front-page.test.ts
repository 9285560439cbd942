import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKDOWN = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** The links of a markdown text outside its code blocks: `[text](target)` and `<http…>`. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)|<(https?:\/\/[^>]+)>/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('the README and docs/', () => {
  it('keep the README a front page: at most 150 lines, the run and the test command in its first 30', () => {
    const lines = readFileSync('README.md', 'utf8').split('\n');
    assert.ok(lines.length <= 150, `README.md has ${lines.length} lines`);
    const head = lines.slice(0, 30).join('\n');
    assert.match(head, /^npm ci && npm start\b/m);
    assert.match(head, /^npm test\b/m);
  });

  it('link only to files of the repository (or to the local stack on 127.0.0.1), and every such file exists', () => {
    for (const file of MARKDOWN) {
      for (const link of linksOf(readFileSync(file, 'utf8'))) {
        if (/^https?:/.test(link)) {
          assert.match(link, /^https?:\/\/127\.0\.0\.1[:/]/, `${file} links out of the repository: ${link}`);
          continue;
        }
        const path = link.split('#')[0] ?? '';
        if (path === '') continue;
        const target = join(dirname(file), path);
        assert.ok(existsSync(target), `${file} links to ${link}, which does not exist`);
        assert.ok(!target.startsWith('..'), `${file} links out of the repository: ${link}`);
      }
    }
  });
});
