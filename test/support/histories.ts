import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

/** Where recorded histories live: one folder per released version (`v0`, `v1`, …), each replayed by the replay test. */
export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * The version `npm run histories:record` records into. Raise it when a release changes workflow code; the folders
 * of earlier versions stay as they are, so their histories keep proving that running workflows survive the deploy.
 */
export const HISTORIES_VERSION = 'v2';

/** A recorded history: the version folder it sits in and its name (the file name without `.json`). */
export interface RecordedHistory {
  readonly version: string;
  readonly name: string;
  readonly history: temporal.api.history.v1.IHistory;
}

/** Every recorded history of every version folder, in version then name order. */
export function recordedHistories(dir: string = HISTORIES_DIR): RecordedHistory[] {
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^v\d+$/.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return versions.flatMap((version) =>
    readdirSync(join(dir, version))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({
        version,
        name: f.replace(/\.json$/, ''),
        history: JSON.parse(readFileSync(join(dir, version, f), 'utf8')) as temporal.api.history.v1.IHistory,
      })),
  );
}

/**
 * Writes a history as `<dir>/<version>/<name>.json`, refusing to replace a file that is there: a released version's
 * histories are never overwritten (a run that would change one must record into a new version instead).
 */
export function writeHistory(dir: string, version: string, name: string, json: string): string {
  const file = join(dir, version, `${name}.json`);
  if (existsSync(file)) {
    throw new Error(`${file} exists: recorded histories are never overwritten; raise HISTORIES_VERSION to record a new version`);
  }
  mkdirSync(join(dir, version), { recursive: true });
  writeFileSync(file, json);
  return file;
}

/**
 * Keeps the history of a finished workflow as `test/histories/<HISTORIES_VERSION>/<name>.json` when the run records
 * histories (`npm run histories:record`); otherwise does nothing, so the committed histories change only on purpose.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  // The proto JSON form (timestamps as text) that Worker.runReplayHistories and the Web UI's export use.
  writeHistory(HISTORIES_DIR, HISTORIES_VERSION, name, `${historyToJSON(await handle.fetchHistory())}\n`);
}
