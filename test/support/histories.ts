import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Where recorded histories live; the replay test replays every file in it. */
export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * Keeps the history of a finished workflow as `test/histories/<name>.json` when the run records histories
 * (`npm run histories:record`); otherwise does nothing, so the committed histories change only on purpose.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // The proto JSON form (timestamps as text) that Worker.runReplayHistories and the Web UI's export use.
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}
