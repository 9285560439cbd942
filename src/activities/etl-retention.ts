import type { RetentionResult } from '../domain/etl/contract';
import { partitionHourOf, retentionCutoffMs } from '../domain/etl/retention';
import { parseHour } from '../domain/hour';
import { failingFastOnMisconfiguration } from './etl-failures';
import { withHeartbeats } from './heartbeat';
import type { EtlActivityDeps } from './index';

/** The retention step of the hourly ETL. */
export function createEtlRetentionActivities({ config, lake, warehouse }: Pick<EtlActivityDeps, 'config' | 'lake' | 'warehouse'>) {
  return {
    /**
     * Deletes raw lake objects of hours older than ETL_LAKE_RETENTION_DAYS and warehouse rows older than
     * ETL_WAREHOUSE_RETENTION_DAYS, both counted back from the ETL's hour. Deleting again finds nothing: retries are safe.
     */
    async applyRetention({ hour }: { hour: string }): Promise<RetentionResult> {
      const hourStartMs = parseHour(hour);
      const lakeCutoffMs = retentionCutoffMs(hourStartMs, config.etlLakeRetentionDays);
      return withHeartbeats(async () => {
        const raw = await failingFastOnMisconfiguration(`lake ${lake.url}`, () => lake.list('raw/'));
        const expired = raw.filter((o) => (partitionHourOf(o.key) ?? Infinity) < lakeCutoffMs);
        for (const object of expired) await lake.delete(object.key);
        const warehouseRowsDeleted = await warehouse.purgeOlderThan(retentionCutoffMs(hourStartMs, config.etlWarehouseRetentionDays));
        return { lakeObjectsDeleted: expired.length, warehouseRowsDeleted };
      });
    },
  };
}
