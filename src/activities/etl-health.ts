import type { EtlActivityDeps } from './index';
import { failingFastOnMisconfiguration } from './etl-failures';

/** The health check of the hourly ETL. */
export function createEtlHealthActivities({
  lake,
  warehouse,
  transformEngine,
  kafka,
}: Pick<EtlActivityDeps, 'lake' | 'warehouse' | 'transformEngine' | 'kafka'>) {
  return {
    /** Checks that Kafka, the lake, the warehouse and the transform engine (the Glue job, PySpark) answer; resolves to what it checked. */
    async checkEtlHealth(): Promise<string[]> {
      await kafka.brokerProbe();
      await failingFastOnMisconfiguration(`lake ${lake.url}`, () => lake.list('_watermarks/'));
      await failingFastOnMisconfiguration(`warehouse ${warehouse.description}`, () => warehouse.health());
      const engine = await failingFastOnMisconfiguration(transformEngine.description, () => transformEngine.checkHealth());
      return ['kafka', 'lake', 'warehouse', ...engine];
    },
  };
}
