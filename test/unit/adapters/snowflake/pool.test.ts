import assert from 'node:assert/strict';
import { loadConfig } from '../../../../src/config';
import { createSnowflakePool } from '../../../../src/adapters/snowflake/pool';

describe('Snowflake connection pool', () => {
  it('is bounded by SNOWFLAKE_POOL_MAX and logs in only when a connection is first used', async () => {
    const config = loadConfig({
      WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'acme',
      SNOWFLAKE_USER: 'etl',
      SNOWFLAKE_PASSWORD: 'pw',
      SNOWFLAKE_POOL_MAX: '3',
    });
    const pool = createSnowflakePool(config);
    try {
      assert.equal(pool.max, 3);
      assert.equal(pool.min, 0);
      assert.equal(pool.size, 0, 'no connection is opened up front');
    } finally {
      await pool.drain();
      await pool.clear();
    }
  });
});
