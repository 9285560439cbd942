import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlLiteral } from '../../src/domain/quality/sql-text';
import { withDuckDb } from '../../src/adapters/duckdb/open';

describe('DuckDB files', () => {
  it('reads back a zstd Parquet file it wrote, with its rows and types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamify-duckdb-'));
    const parquet = join(dir, 'sample.parquet');
    try {
      await withDuckDb(join(dir, 'write.duckdb'), async (db) => {
        await db.run(
          `COPY (SELECT i AS n, 'u-' || lpad(i::VARCHAR, 6, '0') AS user_id, (i * 1.5)::DECIMAL(10,2) AS amount FROM range(1000) t(i))
           TO ${sqlLiteral(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
        );
      });
      assert.ok(statSync(parquet).size > 0);
      const rows = await withDuckDb(':memory:', async (db) => {
        const reader = await db.runAndReadAll(
          `SELECT count(*)::INTEGER AS n, max(user_id) AS last_user, sum(amount)::DOUBLE AS total,
                  (SELECT converted_type FROM parquet_schema(${sqlLiteral(parquet)}) WHERE name = 'amount') AS amount_type
           FROM read_parquet(${sqlLiteral(parquet)})`,
        );
        return reader.getRowObjectsJS();
      });
      assert.deepEqual(rows, [{ n: 1000, last_user: 'u-000999', total: 749250, amount_type: 'DECIMAL' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
