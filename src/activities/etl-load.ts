import { Context } from '@temporalio/activity';
import { curatedFiles } from '../adapters/transform/curated-hour';
import { withLocalCopies } from '../adapters/lake/local-copies';
import type { LoadResult } from '../domain/etl/contract';
import { WAREHOUSE_TABLES } from '../domain/etl/warehouse-tables';
import { parseHour } from '../domain/hour';
import { failingFastOnMisconfiguration } from './etl-failures';
import { withHeartbeats } from './heartbeat';
import type { EtlActivityDeps } from './index';

/** The load step of the hourly ETL. */
export function createEtlLoadActivities({ lake, warehouse }: Pick<EtlActivityDeps, 'lake' | 'warehouse'>) {
  return {
    /**
     * Replaces the hour's rows of every warehouse table with the curated hour, in one transaction: loading an hour
     * twice leaves the same rows. Resolves to the rows each table holds for the hour. Cancelled before the commit, it
     * rolls back and the hour keeps its rows.
     */
    async loadHour({ hour }: { hour: string }): Promise<LoadResult> {
      const hourStartMs = parseHour(hour);
      const startMs = Date.now();
      const curated = Object.keys(WAREHOUSE_TABLES);
      const keys = await Promise.all(curated.map((t) => curatedFiles(lake, t, hourStartMs)));
      const rows = await withHeartbeats(() =>
        withLocalCopies(lake, keys.flat(), (paths) => {
          let next = 0;
          const tables = curated.map((t, i) => {
            const count = keys[i]?.length ?? 0;
            next += count;
            return { table: WAREHOUSE_TABLES[t] as string, files: paths.slice(next - count, next) };
          });
          // A cancellation (brought by the timer's heartbeats) interrupts the load, which rolls back.
          const cancelled = Context.current().cancellationSignal;
          return failingFastOnMisconfiguration(`warehouse ${warehouse.description}`, () =>
            warehouse.loadHour(hourStartMs, tables, cancelled),
          );
        }),
      );
      return { rows, durationMs: Date.now() - startMs };
    },
  };
}
