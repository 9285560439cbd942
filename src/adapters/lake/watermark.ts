import {
  lowWatermarkMs,
  partitionProgressSchema,
  progressFolder,
  progressKey,
  type DatasetName,
  type PartitionProgress,
} from '../../domain/lake';
import { readJson, writeJson, type LakeStore } from './store';

/**
 * A progress file that is not valid JSON or not a progress record. Permanent: reading it again gives the same bytes,
 * so callers fail at once, naming the file, instead of retrying.
 */
export class CorruptProgressError extends Error {
  constructor(
    /** The lake key of the file. */
    readonly key: string,
    reason: string,
  ) {
    super(`${key} is not a progress file: ${reason}`);
    this.name = 'CorruptProgressError';
  }
}

/** The progress file of a topic-partition, or undefined when the lake has never written it. */
export async function readProgress(
  store: LakeStore,
  dataset: DatasetName,
  topic: string,
  partition: number,
): Promise<PartitionProgress | undefined> {
  const key = progressKey(dataset, topic, partition);
  const json = await readProgressJson(store, key);
  return json === undefined ? undefined : parseProgress(key, json);
}

/** Records the progress of a topic-partition. */
export async function writeProgress(store: LakeStore, dataset: DatasetName, progress: PartitionProgress): Promise<void> {
  await writeJson(store, progressKey(dataset, progress.topic, progress.partition), progress);
}

/** The progress of every topic-partition the lake has written for a dataset. */
export async function datasetProgress(store: LakeStore, dataset: DatasetName): Promise<PartitionProgress[]> {
  const objects = await store.list(progressFolder(dataset));
  return Promise.all(objects.map(async (o) => parseProgress(o.key, await readProgressJson(store, o.key))));
}

/**
 * The event time (epoch ms) up to which every partition of the dataset is in the lake and committed: the minimum
 * over partitions of the newest event time each has written. Undefined before any partition has written a row.
 * An hour is closed once this passes its end by the lateness the reader allows.
 */
export async function lakeWatermark(store: LakeStore, dataset: DatasetName): Promise<number | undefined> {
  return lowWatermarkMs(await datasetProgress(store, dataset));
}

/** The file's JSON; a read that fails (the store unreachable) is left as it is, transient or not. */
async function readProgressJson(store: LakeStore, key: string): Promise<unknown> {
  try {
    return await readJson(store, key);
  } catch (err) {
    if (err instanceof SyntaxError) throw new CorruptProgressError(key, `not JSON (${err.message})`);
    throw err;
  }
}

function parseProgress(key: string, json: unknown): PartitionProgress {
  const parsed = partitionProgressSchema.safeParse(json);
  if (!parsed.success) throw new CorruptProgressError(key, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}
