import type { DuckDBConnection } from '@duckdb/node-api';

/** How often an aborted run interrupts the connection again, until its work settles. */
const REINTERRUPT_MS = 50;

/**
 * Runs `work` on the connection, interrupting the query under way when the signal aborts; the call then rejects with
 * the signal's reason rather than DuckDB's "Interrupted", so callers see a cancellation as one. DuckDB clears an
 * interrupt when the next statement starts, so one that lands between two statements (or before the first has
 * begun) would be lost: the connection is interrupted again every REINTERRUPT_MS until `work` settles.
 */
export async function interruptible<T>(db: DuckDBConnection, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (!signal) return work();
  signal.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  const interrupt = (): void => {
    db.interrupt();
    timer ??= setInterval(() => db.interrupt(), REINTERRUPT_MS);
  };
  signal.addEventListener('abort', interrupt, { once: true });
  try {
    return await work();
  } catch (err) {
    throw signal.aborted ? signal.reason : err;
  } finally {
    signal.removeEventListener('abort', interrupt);
    clearInterval(timer);
  }
}
