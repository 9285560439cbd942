import { stat } from 'node:fs/promises';
import { lakeWatermark, openLakeStore } from '../../../adapters/lake';
import type { Config } from '../../../config';
import { DATASETS, type DatasetName } from '../../../domain/lake/datasets';
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

/** The local warehouse file: how long since it last changed. */
export async function warehouseStatus(c: Config): Promise<StatusRow[]> {
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
