import { setTimeout as sleep } from 'node:timers/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { withDuckDb } from './open';

/** How long an open waits for another process (the CLI, the dashboard) to let go of a database file. */
const LOCK_WAIT_MS = 10_000;
const LOCK_RETRY_MS = 100;
const LOCK_CONFLICT = /Could not set lock on file/;

/** The work queued on each database file in this process. */
const queues = new Map<string, Promise<unknown>>();

/**
 * `withDuckDb` on a database file, safe to call from concurrent activities: DuckDB's file lock is per process,
 * so two instances of one process could both write the file; here they take turns. Another process holding the
 * lock is waited for, briefly, since every holder opens the file for one piece of work and closes it.
 */
export function withDuckDbFile<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(() => openWaitingForLock(path, work));
  const settled = turn.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return turn;
}

async function openWaitingForLock<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await withDuckDb(path, work);
    } catch (err) {
      if (!(err instanceof Error && LOCK_CONFLICT.test(err.message)) || Date.now() >= deadline) throw err;
      await sleep(LOCK_RETRY_MS);
    }
  }
}
