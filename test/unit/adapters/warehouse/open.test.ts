import assert from 'node:assert/strict';
import { openWarehouse } from '../../../../src/adapters/warehouse/open';
import { testConfig } from '../../../support/config';

describe('openWarehouse', () => {
  it('opens the DuckDB file by default and Snowflake without logging in until first use', () => {
    assert.equal(openWarehouse(testConfig({ WAREHOUSE_DUCKDB_PATH: '/tmp/w.duckdb' })).description, 'DuckDB /tmp/w.duckdb');
    const snowflake = testConfig({
      WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'acme-test',
      SNOWFLAKE_USER: 'etl',
      SNOWFLAKE_PASSWORD: 'secret',
    });
    assert.equal(openWarehouse(snowflake).description, 'Snowflake acme-test');
  });
});
