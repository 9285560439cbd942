export { DATASETS, hourPrefix, type Column, type Dataset, type DatasetName } from './datasets';
export { HOUR_MS, hourStartOf } from '../hour';
export { PROGRESS_FOLDER, groupByHour, lakeFileKey, progressFolder, progressKey, type OffsetRange } from './layout';
export { lakeRecordOf, type LakeRecord, type LakeRow, type LakeValue, type MessageSource, type RowContext } from './rows';
export { cityLevel, ipPrefix, pseudonymsOf, type Pseudonyms } from './pseudonyms';
export {
  PartitionBuffer,
  planFlush,
  type FlushPlan,
  type FlushPolicy,
  type FlushReason,
  type PartitionBatch,
  type PlannedFile,
} from './flush';
export {
  finishedFlush,
  initialProgress,
  lowWatermarkMs,
  partitionProgressSchema,
  settlePending,
  startedFlush,
  type PartitionProgress,
  type PendingFlush,
} from './progress';
