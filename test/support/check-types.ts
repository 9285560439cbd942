import type { CheckType } from '../../src/domain/quality';

/** Every kind of data-quality check, written out so that a test fails when one is added without being covered. */
export const CHECK_TYPES: readonly CheckType[] = [
  'not_null',
  'unique',
  'accepted_values',
  'range',
  'regex',
  'referential',
  'row_count',
  'volume_anomaly',
  'freshness',
  'schema',
  'expression',
];
