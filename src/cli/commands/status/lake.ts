import { stat } from 'node:fs/promises';
import { lakeWatermark, openLakeStore } from '../../../adapters/lake';
import type { Config } from '../../../config';
import { DATASETS, type DatasetName } from '../../../domain/lake/datasets';
import { formatHour } from '../../../domain/hour';
import { recentGaps } from '../../etl-ledger';
import { ago, count, type StatusRow } from './row';

/** Event-time lag of the lake beyond which it looks stalled. */
const STALE_AFTER_MS = 2 * 3_600_000;

/** The lake's size and how far each dataset's event time has got; the warehouse file's age. */
export async function lakeStatus(c: Config): Promise<StatusRow[]> {
  const store = openLakeStore(c);
  try {
    const objects = await store.list('raw/');
    const bytes = objects.reduce((sum, o) => sum + o.sizeBytes, 0);
    const rows: StatusRow[] = [
      {
        area: 'lake',
        name: 'raw zone',
        value: `${(bytes / 2 ** 20).toFixed(1)} MiB`,
        health: 'ok',
        detail: `${count(objects.length)} files in ${store.url}`,
      },
    ];
    for (const dataset of Object.keys(DATASETS) as DatasetName[]) {
      const watermark = await lakeWatermark(store, dataset);
      if (watermark === undefined) {
        rows.push({ area: 'lake', name: `${dataset} freshness`, value: '-', health: 'warn', detail: 'nothing written yet' });
        continue;
      }
      const lag = Date.now() - watermark;
      rows.push({
        area: 'lake',
        name: `${dataset} freshness`,
        value: ago(Math.max(0, lag)),
        health: lag > STALE_AFTER_MS ? 'warn' : 'ok',
        detail: `every partition written up to ${new Date(watermark).toISOString()}`,
      });
    }
    return rows;
  } finally {
    store.close();
  }
}

/** The warehouse: the hours of the last day with no successful load, and (DuckDB) how long since the file changed. */
export async function warehouseStatus(c: Config): Promise<StatusRow[]> {
  return [...(await gapsStatus(c)), ...(await warehouseFileStatus(c))];
}

/** A warning for each due hour of the last day that has no successful load in ETL_RUNS, naming them. */
async function gapsStatus(c: Config): Promise<StatusRow[]> {
  if (c.warehouse === 'duckdb' && !(await stat(c.warehouseDuckdbPath).catch(() => undefined))) return [];
  const gaps = await recentGaps(c, Date.now());
  if (gaps === undefined) return [];
  const { checked, missing } = gaps;
  return [
    {
      area: 'warehouse',
      name: 'ETL gaps, last 24 h',
      value: `${missing.length} of ${checked} hours`,
      health: missing.length > 0 ? 'warn' : 'ok',
      detail:
        missing.length > 0
          ? `no successful load: ${missing.map(formatHour).join(' ')}; fill with streamify etl backfill --missing --from ${formatHour(missing[0] ?? 0)} --to ${formatHour(missing.at(-1) ?? 0)}`
          : 'every due hour has a successful load in ETL_RUNS',
    },
  ];
}

async function warehouseFileStatus(c: Config): Promise<StatusRow[]> {
  if (c.warehouse !== 'duckdb')
    return [
      {
        area: 'warehouse',
        name: c.warehouse,
        value: '-',
        health: 'ok',
        detail: 'freshness is read from ETL_RUNS by the hourly ETL report',
      },
    ];
  const file = await stat(c.warehouseDuckdbPath).catch(() => undefined);
  if (file === undefined)
    return [{ area: 'warehouse', name: 'duckdb file', value: 'none yet', health: 'warn', detail: c.warehouseDuckdbPath }];
  return [
    {
      area: 'warehouse',
      name: 'duckdb file',
      value: `changed ${ago(Date.now() - file.mtimeMs)} ago`,
      health: 'ok',
      detail: `${(file.size / 2 ** 20).toFixed(1)} MiB at ${c.warehouseDuckdbPath}`,
    },
  ];
}
