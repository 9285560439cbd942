import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder for files a test writes; `remove` deletes it and what it holds. */
export interface TempDir {
  readonly path: string;
  /** Writes a file into the folder and returns its path. */
  write(name: string, contents: string | Buffer): string;
  remove(): void;
}

/** Creates a fresh temporary folder named after its test. */
export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `streamify-${prefix}-`));
  return {
    path,
    write(name, contents) {
      const file = join(path, name);
      writeFileSync(file, contents);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A temporary folder for the tests of the enclosing `describe`, made before they run and removed after: call for its path. */
export function suiteTempDir(prefix: string): () => string {
  let dir: TempDir | undefined;
  before(() => (dir = tempDir(prefix)));
  after(() => dir?.remove());
  return () => {
    if (dir === undefined) throw new Error(`the ${prefix} folder is made before the tests run`);
    return dir.path;
  };
}
