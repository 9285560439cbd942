export {
  CHECK_SEVERITIES,
  DEFAULT_MIN_HISTORY,
  InvalidCheckError,
  defineSuite,
  type CheckDefinition,
  type CheckInput,
  type CheckSeverity,
  type CheckType,
  type Suite,
} from './checks';
export { ACTIVITY_SUITE, ALERTS_SUITE, RAW_SUITES, TRANSACTIONS_SUITE, WINDOWS_PER_HOUR, WINDOWS_SUITE } from './suites';
export { MAX_SAMPLES, compileCheck, type CompiledCheck, type Relations } from './sql';
export { parquetRelation, tableRelation, type Relation } from './sql-text';
export {
  evaluateCheck,
  summarizeResults,
  type CheckResult,
  type CheckStatus,
  type EvaluationContext,
  type Measurement,
  type SuiteSummary,
} from './evaluate';
export { volumeAnomaly, type VolumeStats } from './volume';
export { schemaDrift, type DescribedColumn, type SchemaDrift } from './schema-drift';
