import type { DuckDBConnection } from '@duckdb/node-api';
import { TOP_COUNTRIES, type HourSales, type SalesOf, type WindowFigures } from '../../domain/etl/report';
import { parquetRelation } from '../../domain/quality/sql-text';
import { withDuckDb } from '../duckdb/open';
import { withLocalCopies } from '../lake/local-copies';
import type { LakeStore } from '../lake/store';
import { curatedFiles } from './curated-hour';

async function salesBy(db: DuckDBConnection, summary: string, dimension: 'category' | 'country', limit?: number): Promise<SalesOf[]> {
  const rows = await db.runAndReadAll(
    `SELECT ${dimension} AS name, ROUND(CAST(SUM(revenue) AS DOUBLE), 2) AS revenue, CAST(SUM(transactions) AS BIGINT) AS orders
     FROM ${summary} GROUP BY ${dimension} ORDER BY revenue DESC, name${limit === undefined ? '' : ` LIMIT ${limit}`}`,
  );
  return rows.getRowObjectsJS().map((r) => ({ name: String(r.name), revenue: Number(r.revenue), orders: Number(r.orders) }));
}

/** Each window's revenue and conversion, in time order: a few hundred numbers, never rows. */
async function windowFigures(db: DuckDBConnection, results: string): Promise<WindowFigures[]> {
  const rows = await db.runAndReadAll(
    `SELECT epoch_ms(window_start) AS start_ms, CAST(total_sales AS DOUBLE) AS revenue, conversion_rate FROM ${results} ORDER BY window_start`,
  );
  return rows.getRowObjectsJS().map((r) => ({
    start: new Date(Number(r.start_ms)).toISOString(),
    revenue: Number(r.revenue),
    conversionRate: Number(r.conversion_rate),
  }));
}

/**
 * What a transformed hour sold and flagged, from its curated daily_sales_summary and fraud_alerts (whichever engine
 * wrote them): revenue and orders by category and by country, alerts by severity. An hour without files gives empty lists.
 */
export async function hourSales(lake: LakeStore, hourStartMs: number): Promise<HourSales> {
  const [summaryKeys, alertKeys, windowKeys] = await Promise.all([
    curatedFiles(lake, 'daily_sales_summary', hourStartMs),
    curatedFiles(lake, 'fraud_alerts', hourStartMs),
    curatedFiles(lake, 'analytics_results', hourStartMs),
  ]);
  return withLocalCopies(lake, [...summaryKeys, ...alertKeys, ...windowKeys], (paths) =>
    withDuckDb(':memory:', async (db) => {
      const summary = paths.slice(0, summaryKeys.length);
      const alerts = paths.slice(summaryKeys.length, summaryKeys.length + alertKeys.length);
      const windows = paths.slice(summaryKeys.length + alertKeys.length);
      const bySeverity =
        alerts.length === 0
          ? []
          : (await db.runAndReadAll(`SELECT severity, COUNT(*) AS n FROM ${parquetRelation(alerts)} GROUP BY severity`)).getRowObjectsJS();
      return {
        byCategory: summary.length === 0 ? [] : await salesBy(db, parquetRelation(summary), 'category'),
        byCountry: summary.length === 0 ? [] : await salesBy(db, parquetRelation(summary), 'country', TOP_COUNTRIES),
        alertsBySeverity: Object.fromEntries(bySeverity.map((r) => [String(r.severity), Number(r.n)])),
        windows: windows.length === 0 ? [] : await windowFigures(db, parquetRelation(windows)),
      };
    }),
  );
}
