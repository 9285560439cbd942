import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** The release lines package.json's engines names, as `^major.minor.patch` ranges: each line's major and lowest minor. */
function engineLines(): { major: number; minor: number }[] {
  const { engines } = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  return engines.node.split('||').map((range) => {
    const match = /^\^(\d+)\.(\d+)\.\d+$/.exec(range.trim());
    assert.ok(match, `engines.node "${range.trim()}" is a ^major.minor.patch range`);
    return { major: Number(match[1]), minor: Number(match[2]) };
  });
}

describe('Node versions', () => {
  it('runs the tests on a Node that package.json’s engines names', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const line = engineLines().find((l) => l.major === major);
    assert.ok(line !== undefined && minor >= line.minor, `Node ${process.versions.node} is not in engines`);
  });

  it('builds the image on a Node line that engines names, pinned by digest in every stage', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const image = /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/m.exec(dockerfile);
    assert.ok(image, 'NODE_IMAGE is a node:<major>-bookworm-slim image pinned by its sha256 digest');
    assert.ok(
      engineLines().some((l) => l.major === Number(image[1])),
      `the image's Node ${image[1]} is in engines`,
    );
    const froms = dockerfile.split('\n').filter((l) => l.startsWith('FROM '));
    assert.ok(froms.length >= 2 && froms.every((l) => l.startsWith('FROM ${NODE_IMAGE}')), froms.join('\n'));
  });
});
