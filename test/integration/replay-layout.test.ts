import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORIES_DIR, HISTORIES_VERSION, recordedHistories, writeHistory } from '../support/histories';

describe('recorded histories, one folder per released version', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'streamify-histories-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new history into its version folder and refuses to overwrite one that exists', () => {
    writeHistory(dir, 'v2', 'hourlyEtl-passed', '{"events":[]}\n');
    assert.throws(
      () => writeHistory(dir, 'v2', 'hourlyEtl-passed', '{"events":[{}]}\n'),
      /exists: recorded histories are never overwritten/,
    );
    assert.equal(readFileSync(join(dir, 'v2', 'hourlyEtl-passed.json'), 'utf8'), '{"events":[]}\n');
  });

  it('reads every version folder in version order (v10 after v9), and nothing outside them', () => {
    for (const version of ['v10', 'v9', 'v0']) writeHistory(dir, version, 'a', '{"events":[]}');
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'b.json'), '{}');
    writeFileSync(join(dir, 'stray.json'), '{}');
    assert.deepEqual(
      recordedHistories(dir).map((h) => `${h.version}/${h.name}`),
      ['v0/a', 'v9/a', 'v10/a'],
    );
  });

  it('keeps v0 and v1, and records into the newest version or a newer one, never an older one', () => {
    const versions = new Set(recordedHistories().map((h) => h.version));
    assert.ok(versions.has('v0') && versions.has('v1'), [...versions].join(', '));
    assert.match(HISTORIES_VERSION, /^v\d+$/);
    assert.ok(Number(HISTORIES_VERSION.slice(1)) >= Math.max(...[...versions].map((v) => Number(v.slice(1)))), HISTORIES_DIR);
  });
});
