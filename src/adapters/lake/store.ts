/** An object of the lake: its key (relative to the lake's root, `/`-separated) and size. */
export interface LakeObject {
  readonly key: string;
  readonly sizeBytes: number;
}

/**
 * The lake's storage, a local folder or an S3 prefix, behind one interface. Keys are relative to the root
 * (`raw/transactions/dt=…/hour=…/….parquet`); writes replace whole objects, so readers never see part of one.
 */
export interface LakeStore {
  /** The root, as LAKE_URL names it. */
  readonly url: string;
  /** Writes an object whole, replacing any object of that key; resolves once it is durable. */
  put(key: string, body: string | Uint8Array): Promise<void>;
  /** `put` with the content of a local file (which stays where it is). */
  putFile(key: string, localPath: string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Every object whose key starts with the prefix, sorted by key. */
  list(prefix: string): Promise<LakeObject[]>;
  /** Moves an object to another key (e.g. into quarantine); once it resolves the old key is gone. */
  move(fromKey: string, toKey: string): Promise<void>;
  /** Deletes an object; deleting one that is not there is no error. */
  delete(key: string): Promise<void>;
  /** Releases the store's connections. */
  close(): void;
}

/** Refuses keys that would leave the root or that no S3 store and local folder can both hold. */
export function checkKey(key: string): string {
  const segments = key.split('/');
  if (key === '' || key.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new RangeError(`"${key}" is not a lake key (relative, /-separated, no empty, . or .. segments)`);
  }
  return key;
}

/** Reads a JSON object of the lake, or undefined when there is none. */
export async function readJson(store: LakeStore, key: string): Promise<unknown> {
  const bytes = await store.get(key);
  return bytes === undefined ? undefined : JSON.parse(bytes.toString('utf8'));
}

/** Writes a value as a JSON object of the lake. */
export async function writeJson(store: LakeStore, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`);
}
