import { hourPrefix, type DatasetName } from '../../domain/lake/datasets';
import { quarantineKey, quarantineMarkerKey, releasedKey, type QuarantineMarker } from '../../domain/lake/quarantine';
import { writeJson, type LakeStore } from './store';

/** The Parquet files of one dataset's hour: those in the raw zone and those an earlier gate quarantined. */
export interface HourFiles {
  readonly raw: readonly string[];
  readonly quarantined: readonly string[];
}

const parquetKeys = async (store: LakeStore, folder: string): Promise<string[]> =>
  (await store.list(`${folder}/`)).map((o) => o.key).filter((key) => key.endsWith('.parquet'));

/** Lists the hour's Parquet files in both places, so a gate run again on a quarantined hour judges the same data. */
export async function hourFiles(store: LakeStore, dataset: DatasetName, hourStartMs: number): Promise<HourFiles> {
  const folder = hourPrefix(dataset, hourStartMs);
  return { raw: await parquetKeys(store, folder), quarantined: await parquetKeys(store, quarantineKey(folder)) };
}

/**
 * Moves the hour's raw files to quarantine/<key>, after writing the marker that says why; never deletes one.
 * Safe to repeat after a failure part-way: files already moved stay where they are. Returns the files in quarantine.
 */
export async function quarantineHour(
  store: LakeStore,
  hourStartMs: number,
  marker: Omit<QuarantineMarker, 'files' | 'quarantinedAt'>,
): Promise<number> {
  const { raw, quarantined } = await hourFiles(store, marker.dataset, hourStartMs);
  const files = [...quarantined.map(releasedKey), ...raw].sort();
  // The marker first: a file never sits in quarantine without its reason.
  const full: QuarantineMarker = { ...marker, files, quarantinedAt: new Date().toISOString() };
  await writeJson(store, quarantineMarkerKey(marker.dataset, hourStartMs), full);
  for (const key of raw) await store.move(key, quarantineKey(key));
  return files.length;
}

/** Moves the hour's quarantined files back to the raw zone, then removes the marker. Returns the files moved back. */
export async function releaseHour(store: LakeStore, dataset: DatasetName, hourStartMs: number): Promise<number> {
  const { quarantined } = await hourFiles(store, dataset, hourStartMs);
  for (const key of quarantined) await store.move(key, releasedKey(key));
  await store.delete(quarantineMarkerKey(dataset, hourStartMs));
  return quarantined.length;
}
