import { openWarehouse } from '../adapters/warehouse/open';
import type { Warehouse } from '../adapters/warehouse/warehouse';
import type { Config } from '../config';
import { dueHoursToCheck, missingHours } from '../domain/etl/gaps';
import { HOUR_MS } from '../domain/hour';

/** Opens the configured warehouse for the length of `work`. */
async function withWarehouse<T>(config: Config, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = openWarehouse(config);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

/** The hours from one to another (inclusive) with no successful load in the warehouse's run ledger (ETL_RUNS). */
export function ledgerGaps(config: Config, fromHourStartMs: number, toHourStartMs: number): Promise<number[]> {
  return withWarehouse(config, async (warehouse) =>
    missingHours(fromHourStartMs, toHourStartMs, await warehouse.loadedHours(fromHourStartMs, toHourStartMs)),
  );
}

/** The due hours of the last day with no successful load, from the ledger's first hour on; `status` warns on them. */
export function recentGaps(config: Config, nowMs: number): Promise<{ checked: number; missing: number[] } | undefined> {
  return withWarehouse(config, async (warehouse) => {
    const range = dueHoursToCheck(nowMs, await warehouse.firstLoadedHour());
    if (range === undefined) return undefined;
    const loaded = await warehouse.loadedHours(range.fromMs, range.toMs);
    return { checked: (range.toMs - range.fromMs) / HOUR_MS + 1, missing: missingHours(range.fromMs, range.toMs, loaded) };
  });
}
