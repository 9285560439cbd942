import type { Connection } from 'snowflake-sdk';

/** A row as snowflake-sdk returns it: column name (upper case unless quoted otherwise) → value. */
export type SnowflakeRow = Record<string, unknown>;

/** A value bound to a `?` of a statement. */
export type SnowflakeBind = string | number | boolean | null;

/** Longest part of a statement an error message quotes. */
const QUOTED_STATEMENT_CHARS = 160;

/**
 * Runs one statement; resolves to its rows. A failure names the statement (never its binds, which carry data) before
 * Snowflake's message, since a load runs dozens of them.
 */
export function runStatement(connection: Connection, sqlText: string, binds: readonly SnowflakeBind[] = []): Promise<SnowflakeRow[]> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      binds: [...binds],
      complete: (err, _statement, rows) => {
        if (!err) return resolve((rows ?? []) as SnowflakeRow[]);
        const statement = sqlText.replace(/\s+/g, ' ').slice(0, QUOTED_STATEMENT_CHARS);
        reject(new Error(`Snowflake statement failed: ${statement}: ${err.message}`, { cause: err }));
      },
    });
  });
}

/** Runs statements in one transaction: committed when all succeed, rolled back when one fails. */
export async function inSnowflakeTransaction<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  await runStatement(connection, 'BEGIN');
  try {
    const result = await work();
    await runStatement(connection, 'COMMIT');
    return result;
  } catch (err) {
    await runStatement(connection, 'ROLLBACK');
    throw err;
  }
}
