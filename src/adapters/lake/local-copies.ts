import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { LakeStore } from './store';

/**
 * Copies lake objects into a fresh temporary folder, runs `work` on their local paths (in the order of the keys)
 * and the folder, where it may write scratch files too, and removes the folder. One way for a local and an S3 lake alike, so DuckDB needs no S3 credentials of its own.
 */
export async function withLocalCopies<T>(
  store: LakeStore,
  keys: readonly string[],
  work: (paths: string[], folder: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'streamify-lake-'));
  try {
    const paths: string[] = [];
    for (const [i, key] of keys.entries()) {
      const body = await store.get(key);
      if (body === undefined) throw new Error(`${key} vanished from ${store.url} while being copied`);
      // Flat, numbered names: keys in different folders may share a base name.
      const path = join(folder, `${i}-${basename(key)}`);
      await writeFile(path, body);
      paths.push(path);
    }
    return await work(paths, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
