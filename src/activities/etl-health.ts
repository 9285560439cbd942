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
  glue,
}: Pick<EtlActivityDeps, 'config' | 'lake' | 'warehouse' | 'glue'>) {
  return {
    /** Checks that Kafka, the lake, the warehouse and (GLUE_MODE=aws) the Glue job answer; resolves to what it checked. */
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
      const checked = ['kafka', 'lake', 'warehouse'];
      if (config.glueMode === 'aws') {
        await failingFastOnMisconfiguration(`Glue job ${config.glueJobName}`, () => glue.checkJob(config.glueJobName));
        checked.push('glue');
      }
      return checked;
    },
  };
}
