import snowflake from 'snowflake-sdk';
import type { Config } from '../../config';
import { snowflakeConnectionOptions, type SnowflakeSettings } from './connection-options';

/** A generic-pool of Snowflake connections, as snowflake-sdk's createPool returns it. */
export type SnowflakePool = ReturnType<typeof snowflake.createPool>;

/**
 * A pool of at most SNOWFLAKE_POOL_MAX connections; it opens them on demand (min 0), so a process that
 * never touches Snowflake never logs in. Callers `use` a connection and `drain` then `clear` on shutdown.
 */
export function createSnowflakePool(c: SnowflakeSettings & Pick<Config, 'snowflakePoolMax'>): SnowflakePool {
  // The driver logs every connection at INFO in its own format beside ours; its warnings still come through, and its
  // errors reach the caller as rejections.
  snowflake.configure({ logLevel: 'WARN' });
  return snowflake.createPool(snowflakeConnectionOptions(c), { max: c.snowflakePoolMax, min: 0 });
}
