import type { EtlActivityDeps } from './index';
import { failingFastOnMisconfiguration } from './etl-failures';

/** The health check of the hourly ETL. */
export function createEtlHealthActivities({
  config,
  lake,
  warehouse,
  glue,
  kafka,
}: Pick<EtlActivityDeps, 'config' | 'lake' | 'warehouse' | 'glue' | 'kafka'>) {
  return {
    /** Checks that Kafka, the lake, the warehouse and (GLUE_MODE=aws) the Glue job answer; resolves to what it checked. */
    async checkEtlHealth(): Promise<string[]> {
      await kafka.brokerProbe();
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
