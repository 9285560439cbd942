import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { checkKey, type LakeObject, type LakeStore } from './store';

// Temporary files start with a dot: list skips them, so a reader never sees a file being written.
const isTemporary = (name: string): boolean => name.startsWith('.');

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates a folder and makes the new entries of its parents durable. */
async function ensureFolder(folder: string): Promise<void> {
  const firstCreated = await mkdir(folder, { recursive: true });
  if (firstCreated === undefined) return;
  for (let d = folder; d !== dirname(firstCreated); d = dirname(d)) await fsync(dirname(d));
}

/** Writes a file by filling a temporary beside it, syncing it and renaming it over the target, then syncing the folder. */
async function replaceFile(path: string, fill: (temporary: string) => Promise<void>): Promise<void> {
  await ensureFolder(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fill(temporary);
    await fsync(temporary);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  await fsync(dirname(path));
}

async function* walk(folder: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) {
    if (isTemporary(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** The lake in a local folder (LAKE_URL=file://PATH): every write is a temporary file, fsync and rename. */
export function localLakeStore(url: string): LakeStore {
  const root = resolve(url.replace(/^file:\/\//, ''));
  const pathOf = (key: string): string => join(root, ...checkKey(key).split('/'));

  return {
    url,

    async put(key, body) {
      await replaceFile(pathOf(key), async (temporary) => {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(body);
        } finally {
          await handle.close();
        }
      });
    },

    async putFile(key, localPath) {
      await replaceFile(pathOf(key), (temporary) => copyFile(localPath, temporary));
    },

    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },

    async list(prefix) {
      // Walk only the folder the prefix names; its last segment may be a partial name.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const objects: LakeObject[] = [];
      for await (const path of walk(folder === '' ? root : pathOf(folder))) {
        const key = relative(root, path).split(sep).join('/');
        if (key.startsWith(prefix)) objects.push({ key, sizeBytes: (await stat(path)).size });
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async move(fromKey, toKey) {
      const from = pathOf(fromKey);
      const to = pathOf(toKey);
      await ensureFolder(dirname(to));
      await rename(from, to);
      await fsync(dirname(to));
      await fsync(dirname(from));
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    close() {},
  };
}
