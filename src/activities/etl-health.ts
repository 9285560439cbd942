import { createKafka } from '../adapters/kafka/client';
import type { EtlActivityDeps } from './index';
import { failingFastOnMisconfiguration } from './etl-failures';

/** How long the health check waits for a broker to answer. */
const KAFKA_TIMEOUT_MS = 10_000;

/** The health check of the hourly ETL. */
export function createEtlHealthActivities({
  config,
  lake,
  warehouse,
  transformEngine,
}: Pick<EtlActivityDeps, 'config' | 'lake' | 'warehouse' | 'transformEngine'>) {
  return {
    /** Checks that Kafka, the lake, the warehouse and the transform engine (the Glue job, PySpark) answer; resolves to what it checked. */
    async checkEtlHealth(): Promise<string[]> {
      const admin = createKafka(config, { connectionTimeout: KAFKA_TIMEOUT_MS, retry: { retries: 1 } }).admin();
      await admin.connect();
      try {
        await admin.describeCluster();
      } finally {
        await admin.disconnect();
      }
      await failingFastOnMisconfiguration(`lake ${lake.url}`, () => lake.list('_watermarks/'));
      await failingFastOnMisconfiguration(`warehouse ${warehouse.description}`, () => warehouse.health());
      const engine = await failingFastOnMisconfiguration(transformEngine.description, () => transformEngine.checkHealth());
      return ['kafka', 'lake', 'warehouse', ...engine];
    },
  };
}
