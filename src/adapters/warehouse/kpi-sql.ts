import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** sql/warehouse/kpi_metrics.sql: the SELECT of an hour's KPI row, shared by the DuckDB and Snowflake warehouses. */
export const KPI_SQL_PATH = join(__dirname, '../../../sql/warehouse/kpi_metrics.sql');

let cached: Promise<string> | undefined;

/** The KPI query's text, placeholders not yet rendered; read once per process. */
export function kpiSelectSql(): Promise<string> {
  cached ??= readFile(KPI_SQL_PATH, 'utf8');
  return cached;
}
