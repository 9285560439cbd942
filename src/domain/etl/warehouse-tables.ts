/** Curated table → the warehouse table it loads into, in load order. Every one has an `etl_hour` column. */
export const WAREHOUSE_TABLES: Readonly<Record<string, string>> = {
  transactions: 'RAW_TRANSACTIONS',
  fraud_alerts: 'FRAUD_ALERTS',
  daily_sales_summary: 'DAILY_SALES_SUMMARY',
  product_performance: 'PRODUCT_PERFORMANCE',
  fraud_analysis: 'FRAUD_ANALYSIS',
  analytics_results: 'ANALYTICS_RESULTS',
};

/**
 * Columns added to loaded tables after their first release, by table, with a type both warehouses take: a warehouse
 * created before takes them on its next load (ALTER TABLE … ADD COLUMN IF NOT EXISTS). Only these: any other
 * difference between a table and its curated hour is drift, and the load refuses it.
 */
export const ADDED_COLUMNS: Readonly<Record<string, ReadonlyArray<{ readonly name: string; readonly type: string }>>> = {
  // The original system's sample queries order and filter by them (docs/WAREHOUSE.md).
  PRODUCT_PERFORMANCE: [{ name: 'total_revenue', type: 'DECIMAL(38, 2)' }],
  FRAUD_ANALYSIS: [{ name: 'alert_date', type: 'DATE' }],
};

/** The statements that give an existing table its added columns; `table` is written as the warehouse quotes it. */
export function addedColumnStatements(table: string, quotedTable: string): string[] {
  return (ADDED_COLUMNS[table] ?? []).map((c) => `ALTER TABLE ${quotedTable} ADD COLUMN IF NOT EXISTS ${c.name} ${c.type}`);
}

/** The column every loaded table is partitioned by: the start of the ETL hour (TIMESTAMP, UTC). */
export const HOUR_COLUMN = 'etl_hour';

/** Warehouse table → the transform count its hour must hold after the load. */
const RECONCILED_COUNTS: Readonly<Record<string, string>> = {
  RAW_TRANSACTIONS: 'transactions',
  FRAUD_ALERTS: 'fraud_alerts',
  ANALYTICS_RESULTS: 'analytics_results',
};

/**
 * What a load got wrong: each reconciled table whose rows for the hour differ from what the transform wrote, as
 * `TABLE: N rows, the transform wrote M`. Empty when the warehouse holds exactly the curated hour.
 */
export function loadMismatches(transformCounts: Readonly<Record<string, number>>, loadedRows: Readonly<Record<string, number>>): string[] {
  return Object.entries(RECONCILED_COUNTS).flatMap(([table, count]) => {
    const expected = transformCounts[count] ?? 0;
    const loaded = loadedRows[table] ?? 0;
    return loaded === expected ? [] : [`${table}: ${loaded} rows, the transform wrote ${expected}`];
  });
}
