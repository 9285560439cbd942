import { hourPrefix, type DatasetName } from './datasets';

/** Folder that holds quarantined files under their original keys: quarantine/raw/<dataset>/dt=…/hour=…/…. */
export const QUARANTINE_FOLDER = 'quarantine';

/** Name of the marker beside an hour's quarantined files that says why they are there. */
export const QUARANTINE_MARKER = '_QUARANTINED.json';

/** Where a lake file goes when its hour is quarantined. */
export function quarantineKey(key: string): string {
  return `${QUARANTINE_FOLDER}/${key}`;
}

/** Where a quarantined file came from, and goes back to when released. */
export function releasedKey(quarantinedKey: string): string {
  const prefix = `${QUARANTINE_FOLDER}/`;
  if (!quarantinedKey.startsWith(prefix)) throw new RangeError(`"${quarantinedKey}" is not under ${prefix}`);
  return quarantinedKey.slice(prefix.length);
}

/** The key of the marker of a dataset's quarantined hour. */
export function quarantineMarkerKey(dataset: DatasetName, hourStartMs: number): string {
  return quarantineKey(`${hourPrefix(dataset, hourStartMs)}/${QUARANTINE_MARKER}`);
}

/** What the marker of a quarantined hour says. */
export interface QuarantineMarker {
  readonly dataset: DatasetName;
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  /** The gate run that quarantined the hour (workflow id / run id). */
  readonly runId: string;
  readonly reason: string;
  readonly failedChecks: readonly string[];
  /** Original keys of the quarantined files. */
  readonly files: readonly string[];
  readonly quarantinedAt: string;
}
