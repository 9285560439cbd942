import type { RetentionResult } from '../domain/etl/contract';
import { expiredLakeKeys, LAKE_ZONES, retentionCutoffMs, type LakeZone } from '../domain/etl/retention';
import { parseHour } from '../domain/hour';
import { failingFastOnMisconfiguration } from './etl-failures';
import { withHeartbeats } from './heartbeat';
import type { EtlActivityDeps } from './index';

/** The retention step of the hourly ETL. */
export function createEtlRetentionActivities({
  config,
  lake,
  warehouse,
  qualityResults,
}: Pick<EtlActivityDeps, 'config' | 'lake' | 'warehouse' | 'qualityResults'>) {
  return {
    /**
     * Deletes what every zone of the lake holds of times older than its setting (ETL_LAKE_RETENTION_DAYS for raw/,
     * ETL_CURATED_, ETL_QUARANTINE_ and ETL_REPORTS_RETENTION_DAYS) and warehouse rows older than
     * ETL_WAREHOUSE_RETENTION_DAYS (the loaded tables, KPI_METRICS, ETL_RUNS, DQ_RESULTS and DQ_OVERRIDES), all counted back from the ETL's hour. Deleting again finds nothing: retries are safe.
     */
    async applyRetention({ hour }: { hour: string }): Promise<RetentionResult> {
      const hourStartMs = parseHour(hour);
      const days: Record<LakeZone, number> = {
        raw: config.etlLakeRetentionDays,
        curated: config.etlCuratedRetentionDays,
        quarantine: config.etlQuarantineRetentionDays,
        reports: config.etlReportsRetentionDays,
      };
      return withHeartbeats(async () => {
        let lakeObjectsDeleted = 0;
        for (const zone of LAKE_ZONES) {
          const objects = await failingFastOnMisconfiguration(`lake ${lake.url}`, () => lake.list(`${zone}/`));
          const keys = objects.map((o) => o.key);
          const expired = expiredLakeKeys(keys, hourStartMs, days);
          for (const key of expired) await lake.delete(key);
          lakeObjectsDeleted += expired.length;
        }
        const warehouseCutoffMs = retentionCutoffMs(hourStartMs, config.etlWarehouseRetentionDays);
        const warehouseRowsDeleted =
          (await warehouse.purgeOlderThan(warehouseCutoffMs)) + (await qualityResults.purgeOlderThan(warehouseCutoffMs));
        return { lakeObjectsDeleted, warehouseRowsDeleted };
      });
    },
  };
}
