import type { DuckDBConnection } from '@duckdb/node-api';

/** Runs work in one transaction: committed when it resolves, rolled back when it throws. */
export async function inDuckDbTransaction<T>(db: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await db.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await db.run('COMMIT');
    return result;
  } catch (err) {
    await db.run('ROLLBACK');
    throw err;
  }
}
