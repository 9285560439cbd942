import { openWarehouse } from '../adapters/warehouse/open';
import type { Config } from '../config';
import { dueHoursToCheck, missingHours } from '../domain/etl/gaps';
import { HOUR_MS } from '../domain/lake/layout';

/** The hours from one to another (inclusive) with no successful load in the warehouse's run ledger (ETL_RUNS). */
export async function ledgerGaps(config: Config, fromHourStartMs: number, toHourStartMs: number): Promise<number[]> {
  const warehouse = openWarehouse(config);
  try {
    return missingHours(fromHourStartMs, toHourStartMs, await warehouse.loadedHours(fromHourStartMs, toHourStartMs));
  } finally {
    await warehouse.close();
  }
}

/** The due hours of the last day with no successful load, from the ledger's first hour on; `status` warns on them. */
export async function recentGaps(config: Config, nowMs: number): Promise<{ checked: number; missing: number[] } | undefined> {
  const warehouse = openWarehouse(config);
  try {
    const range = dueHoursToCheck(nowMs, await warehouse.firstLoadedHour());
    if (range === undefined) return undefined;
    const loaded = await warehouse.loadedHours(range.fromMs, range.toMs);
    return { checked: (range.toMs - range.fromMs) / HOUR_MS + 1, missing: missingHours(range.fromMs, range.toMs, loaded) };
  } finally {
    await warehouse.close();
  }
}
