import { Context } from '@temporalio/activity';

/** How often a long activity tells Temporal its worker is alive; well inside the workflows' heartbeat timeouts. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Runs an activity's work while heartbeating on a timer. One DuckDB query can outlast a heartbeat timeout, and
 * what the timeout must catch is a dead worker, not a slow query (startToCloseTimeout bounds those).
 */
export async function withHeartbeats<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
