import type { Config } from '../config';
import type { LakeStore } from '../adapters/lake/store';
import type { QualityResultsStore } from '../adapters/quality/results-store';
import type { GlueJobRuns } from '../adapters/glue/job-runs';
import { kafkaActivityAdapters, type KafkaActivityAdapters } from '../adapters/kafka/activity-adapters';
import { openFraudMonitoringStore, type FraudMonitoringStore } from '../adapters/monitoring/store';
import type { TransformEngine } from '../adapters/transform/engine';
import type { SparkJob } from '../adapters/transform/spark-engine';
import { openTransformEngine } from '../adapters/transform/open';
import { openWarehouse } from '../adapters/warehouse/open';
import type { Warehouse } from '../adapters/warehouse/warehouse';
import { createDataQualityActivities } from './data-quality';
import { createDataQualityJoinActivities } from './data-quality-join';
import { createEtlHealthActivities } from './etl-health';
import { createEtlLoadActivities } from './etl-load';
import { createEtlReportActivities } from './etl-report';
import { createEtlRetentionActivities } from './etl-retention';
import { createEtlSearchAttributesActivities } from './etl-search-attributes';
import { createEtlSensorActivities } from './etl-sensor';
import { createEtlTransformActivities } from './etl-transform';
import { createFraudIncidentActivities } from './fraud-incidents';
import { createFraudMonitoringActivities } from './fraud-monitoring';
import { createFraudRulesActivities } from './fraud-rules';
import { createQualitySearchAttributesActivities } from './quality-search-attributes';

/** The adapters activities work through: the worker passes the configured ones, tests pass local ones or fakes. */
export interface ActivityDeps {
  readonly config: Config;
  readonly lake: LakeStore;
  readonly qualityResults: QualityResultsStore;
  /** The warehouse the hourly ETL loads; default: the one WAREHOUSE names. */
  readonly warehouse?: Warehouse;
  /** The Glue API the Glue engine calls; default: GLUE_ENDPOINT or AWS. */
  readonly glue?: GlueJobRuns;
  /** Where the hourly transform runs; default: the configured engine (openTransformEngine). */
  readonly transformEngine?: TransformEngine;
  /** The job the Spark transform engine runs: the local stack's PySpark (the worker passes it). */
  readonly sparkJob?: SparkJob;
  /** FRAUD_MONITORING in the warehouse WAREHOUSE names; default: openFraudMonitoringStore(config). */
  readonly fraudMonitoring?: FraudMonitoringStore;
  /** Incidents, rules, alerts and the broker probe on the configured brokers; default: kafkaActivityAdapters(config). */
  readonly kafka?: KafkaActivityAdapters;
}

/** ActivityDeps with the fraud activities' defaults filled in. */
export type FraudActivityDeps = ActivityDeps & Required<Pick<ActivityDeps, 'fraudMonitoring' | 'kafka'>>;

/** The deps of the hourly ETL's activities: ActivityDeps with its defaults filled in. */
export type EtlActivityDeps = FraudActivityDeps & Required<Pick<ActivityDeps, 'warehouse' | 'transformEngine'>>;

/**
 * Every activity of every workflow, by name; one factory per concern, so names must differ across concerns. The
 * adapters are made here, once per worker, from the configuration: activities never choose between local and cloud.
 */
export function createActivities(given: ActivityDeps) {
  const deps: FraudActivityDeps = {
    ...given,
    fraudMonitoring: given.fraudMonitoring ?? openFraudMonitoringStore(given.config),
    kafka: given.kafka ?? kafkaActivityAdapters(given.config),
  };
  const etl: EtlActivityDeps = {
    ...deps,
    warehouse: deps.warehouse ?? openWarehouse(deps.config),
    transformEngine: deps.transformEngine ?? openTransformEngine(deps.config, deps),
  };
  return {
    ...createDataQualityActivities(deps),
    ...createQualitySearchAttributesActivities(deps),
    ...createDataQualityJoinActivities(),
    ...createEtlHealthActivities(etl),
    ...createEtlSensorActivities(etl),
    ...createEtlTransformActivities(etl),
    ...createEtlLoadActivities(etl),
    ...createEtlReportActivities(etl),
    ...createEtlRetentionActivities(etl),
    ...createEtlSearchAttributesActivities(etl),
    ...createFraudMonitoringActivities(deps),
    ...createFraudIncidentActivities(deps),
    ...createFraudRulesActivities(deps),
  };
}

/** The activities as workflows see them: `proxyActivities<Activities>(…)`. */
export type Activities = ReturnType<typeof createActivities>;
