import type { Config } from '../../config';
import { createSnowflakePool } from '../snowflake/pool';
import type { SnowflakeSettings } from '../snowflake/connection-options';
import { duckDbWarehouse } from './duckdb-warehouse';
import { snowflakeWarehouse } from './snowflake-warehouse';
import type { Warehouse } from './warehouse';

/** The warehouse WAREHOUSE names. Snowflake's pool logs in only on first use. */
export function openWarehouse(c: Pick<Config, 'warehouse' | 'warehouseDuckdbPath' | 'snowflakePoolMax'> & SnowflakeSettings): Warehouse {
  return c.warehouse === 'snowflake'
    ? snowflakeWarehouse(createSnowflakePool(c), c.snowflakeAccount ?? '')
    : duckDbWarehouse(c.warehouseDuckdbPath);
}
