// KPI_METRICS: one row per hour, computed inside the load's transaction from the warehouse's own tables (not by the
// transform), because growth and first-time customers need earlier hours, which only the warehouse holds. Pure: the
// warehouse adapters run the statements; the SELECT lives in sql/warehouse/kpi_metrics.sql.
import { HOUR_MS, formatHour } from '../hour';
import { HOUR_COLUMN } from './warehouse-tables';

/** The warehouse table of the hourly KPIs. */
export const KPI_TABLE = 'KPI_METRICS';

/** The tables the KPI query reads: it runs only once each exists. */
export const KPI_SOURCE_TABLES = ['RAW_TRANSACTIONS', 'FRAUD_ALERTS', 'ANALYTICS_RESULTS'] as const;

/** KPI_METRICS's columns and types, in the order the query selects them; the types read alike on DuckDB and Snowflake. */
export const KPI_COLUMNS: readonly (readonly [string, string])[] = [
  [HOUR_COLUMN, 'TIMESTAMP'],
  ['kpi_date', 'DATE'],
  ['revenue', 'DOUBLE'],
  ['transactions', 'BIGINT'],
  ['avg_order_value', 'DOUBLE'],
  ['conversion_rate', 'DOUBLE'],
  ['fraud_rate', 'DOUBLE'],
  ['top_category', 'VARCHAR'],
  ['top_product_id', 'VARCHAR'],
  ['top_product_name', 'VARCHAR'],
  ['customers', 'BIGINT'],
  ['first_time_customer_share', 'DOUBLE'],
  ['previous_hour_revenue', 'DOUBLE'],
  ['revenue_growth_vs_previous_hour', 'DOUBLE'],
  ['same_hour_day_before_revenue', 'DOUBLE'],
  ['revenue_growth_vs_day_before', 'DOUBLE'],
  ['transactions_per_minute', 'DOUBLE'],
];

const DAY_MS = 24 * HOUR_MS;

/** A time as the SQL's TIMESTAMP literals take it: `YYYY-MM-DD HH:MM:SS`, UTC. */
const timestampText = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The KPI query for one hour: `{{hour_start}}`, `{{previous_hour_start}}` and `{{day_before_hour_start}}` filled in. */
export function renderKpiSql(text: string, hourStartMs: number): string {
  const values: Record<string, string> = {
    hour_start: timestampText(hourStartMs),
    previous_hour_start: timestampText(hourStartMs - HOUR_MS),
    day_before_hour_start: timestampText(hourStartMs - DAY_MS),
  };
  return text.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${placeholder} in the KPI SQL`);
    return value;
  });
}

/**
 * The statements that replace the hour's KPI row, in order: create the table if missing, delete the hour, insert it
 * again. `hourLiteral` writes the hour as the warehouse's TIMESTAMP literal.
 */
export function kpiStatements(selectSql: string, hourStartMs: number, hourLiteral: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${KPI_TABLE} (${KPI_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`,
    ...kpiReplaceStatements(selectSql, hourStartMs, hourLiteral),
  ];
}

/** The two statements that replace one hour's KPI row of an existing table: delete it, insert it again. */
export function kpiReplaceStatements(selectSql: string, hourStartMs: number, hourLiteral: string): string[] {
  const columns = KPI_COLUMNS.map(([name]) => name).join(', ');
  return [
    `DELETE FROM ${KPI_TABLE} WHERE ${HOUR_COLUMN} = ${hourLiteral}`,
    `INSERT INTO ${KPI_TABLE} (${columns}) ${renderKpiSql(selectSql, hourStartMs)}`,
  ];
}

/**
 * The later hours whose KPIs compare with this one: the next hour and the same hour a day later. When an hour is
 * loaded after them (a backfill), their rows are computed again, if they exist, so their growth sees it.
 */
export function hoursComparedWith(hourStartMs: number): [number, number] {
  return [hourStartMs + HOUR_MS, hourStartMs + DAY_MS];
}

/** An hour's row of KPI_METRICS as the report shows it. */
export interface HourKpis {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  readonly revenue: number;
  readonly transactions: number;
  readonly avgOrderValue: number;
  readonly conversionRate: number;
  readonly fraudRate: number;
  readonly topCategory: string | null;
  readonly topProduct: string | null;
  readonly firstTimeCustomerShare: number;
  /** Null without an earlier hour to compare with. */
  readonly revenueGrowthVsPreviousHour: number | null;
  readonly revenueGrowthVsDayBefore: number | null;
  readonly transactionsPerMinute: number;
}

/** The hour's KPIs beside the previous hour's and the same hour's a day before; null where the warehouse has none. */
export interface KpiComparison {
  readonly hour: HourKpis | null;
  readonly previousHour: HourKpis | null;
  readonly dayBefore: HourKpis | null;
}

/** The hours a comparison reads, in KpiComparison's order. */
export function comparedHours(hourStartMs: number): [number, number, number] {
  return [hourStartMs, hourStartMs - HOUR_MS, hourStartMs - DAY_MS];
}

const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * An HourKpis from a KPI_METRICS row read with the column `hour_ms` (epoch ms of etl_hour) added; column names in
 * either case (DuckDB keeps them lower, Snowflake upper).
 */
export function hourKpisOf(row: Readonly<Record<string, unknown>>): HourKpis {
  const r = Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    hour: formatHour(Number(r.hour_ms)),
    revenue: Number(r.revenue),
    transactions: Number(r.transactions),
    avgOrderValue: Number(r.avg_order_value),
    conversionRate: Number(r.conversion_rate),
    fraudRate: Number(r.fraud_rate),
    topCategory: textOrNull(r.top_category),
    topProduct: textOrNull(r.top_product_name),
    firstTimeCustomerShare: Number(r.first_time_customer_share),
    revenueGrowthVsPreviousHour: numberOrNull(r.revenue_growth_vs_previous_hour),
    revenueGrowthVsDayBefore: numberOrNull(r.revenue_growth_vs_day_before),
    transactionsPerMinute: Number(r.transactions_per_minute),
  };
}
