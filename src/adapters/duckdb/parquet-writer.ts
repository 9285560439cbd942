import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Column } from '../../domain/lake/datasets';
import { quoteIdent, sqlLiteral } from '../../domain/quality/sql-text';

/** Rows as newline-delimited JSON objects keyed by column name: one text, or lines that each end in a newline. */
export type NdjsonRows = string | readonly Uint8Array[];

/** Rows (objects keyed by column name) as newline-delimited JSON. */
export function ndjsonText(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n');
}

/** Writes rows to zstd Parquet files through one in-memory DuckDB that lives as long as the writer. */
export interface ParquetWriter {
  /**
   * Writes the rows as a Parquet file with exactly these columns, in this order and with these types, hands its
   * local path to `use`, and deletes it once `use` has settled.
   */
  withParquetFile<T>(rows: NdjsonRows, columns: readonly Column[], use: (path: string) => Promise<T>): Promise<T>;
  /** Closes DuckDB and removes the scratch folder. */
  close(): Promise<void>;
}

/** A Parquet writer whose scratch files live in a fresh temporary folder. */
export async function openParquetWriter(): Promise<ParquetWriter> {
  const scratch = await mkdtemp(join(tmpdir(), 'streamify-parquet-'));
  const instance = await DuckDBInstance.create(':memory:');
  let files = 0;

  return {
    async withParquetFile(rows, columns, use) {
      files += 1;
      const json = join(scratch, `${files}.ndjson`);
      const parquet = join(scratch, `${files}.parquet`);
      // DuckDB parses newline-delimited JSON in C++ with the column types given, far faster than appending values one by one.
      const types = columns.map((c) => `${sqlLiteral(c.name)}: ${sqlLiteral(c.type)}`).join(', ');
      const select = columns.map((c) => quoteIdent(c.name)).join(', ');
      const connection = await instance.connect();
      try {
        await writeFile(json, typeof rows === 'string' ? rows : Buffer.concat(rows));
        await connection.run(
          `COPY (SELECT ${select} FROM read_json(${sqlLiteral(json)}, format = 'newline_delimited', columns = {${types}}))
           TO ${sqlLiteral(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
        );
        return await use(parquet);
      } finally {
        connection.closeSync();
        await rm(json, { force: true });
        await rm(parquet, { force: true });
      }
    },

    async close() {
      instance.closeSync();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
