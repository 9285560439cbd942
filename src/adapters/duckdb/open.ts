import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * Opens a DuckDB database (a file path, or ':memory:'), runs `work` on one connection and closes both.
 * DuckDB lets one process write a file at a time, so callers hold it only for the work at hand.
 */
export async function withDuckDb<T>(path: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
