import { hourStartOf } from '../hour';
import { hourPrefix, type DatasetName } from './datasets';

/** Folder of the per-partition progress files, beside raw/. */
export const PROGRESS_FOLDER = '_watermarks';

/** The offsets a flush of one topic-partition covers: what names its files. */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

/**
 * The key of one Parquet file: raw/<dataset>/dt=YYYY-MM-DD/hour=HH/<topic>-<partition>-<first>-<last>.parquet.
 * The name comes from the offsets alone, so writing the same offsets again replaces the file instead of adding one.
 */
export function lakeFileKey(dataset: DatasetName, hourStartMs: number, range: OffsetRange): string {
  return `${hourPrefix(dataset, hourStartMs)}/${range.topic}-${range.partition}-${range.firstOffset}-${range.lastOffset}.parquet`;
}

/** The folder of a dataset's progress files, one per topic-partition. */
export function progressFolder(dataset: DatasetName): string {
  return `${PROGRESS_FOLDER}/${dataset}/`;
}

/** The key of a topic-partition's progress file: _watermarks/<dataset>/<topic>-<partition>.json. */
export function progressKey(dataset: DatasetName, topic: string, partition: number): string {
  return `${progressFolder(dataset)}${topic}-${partition}.json`;
}

/** Groups items by the event-time hour they belong to; hours in ascending order, items in their input order. */
export function groupByHour<T extends { readonly eventTimeMs: number }>(items: readonly T[]): Array<{ hourStartMs: number; items: T[] }> {
  const hours = new Map<number, T[]>();
  for (const item of items) {
    const hour = hourStartOf(item.eventTimeMs);
    const group = hours.get(hour);
    if (group) group.push(item);
    else hours.set(hour, [item]);
  }
  return [...hours].sort(([a], [b]) => a - b).map(([hourStartMs, group]) => ({ hourStartMs, items: group }));
}
