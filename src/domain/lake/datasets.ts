/** A column of a lake dataset: its name and DuckDB type. */
export interface Column {
  readonly name: string;
  readonly type: 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'VARCHAR[]';
  readonly nullable: boolean;
}

/** A dataset of the lake's raw zone: one row per event of one topic, with its grain and key. */
export interface Dataset {
  readonly name: DatasetName;
  /** One row per … (what a row is). */
  readonly grain: string;
  /** The column that identifies a row. */
  readonly key: string;
  readonly columns: readonly Column[];
}

export type DatasetName = 'transactions' | 'activity' | 'alerts' | 'windows';

const col = (name: string, type: Column['type'], nullable = false): Column => ({ name, type, nullable });

/** Where a row came from in Kafka: what makes lake files replayable and rows traceable. */
const SOURCE: readonly Column[] = [col('kafka_topic', 'VARCHAR'), col('kafka_partition', 'INTEGER'), col('kafka_offset', 'BIGINT')];

const LOCATION_DEVICE: readonly Column[] = [
  col('country', 'VARCHAR', true),
  col('city', 'VARCHAR', true),
  col('lat', 'DOUBLE', true),
  col('lon', 'DOUBLE', true),
  col('device_id', 'VARCHAR', true),
  col('device_type', 'VARCHAR', true),
  col('device_os', 'VARCHAR', true),
  col('ip', 'VARCHAR', true),
];

/** The raw datasets, as the lake sink writes them and the checks and transforms read them. */
export const DATASETS: Readonly<Record<DatasetName, Dataset>> = {
  transactions: {
    name: 'transactions',
    grain: 'one row per purchase event on sales_stream',
    key: 'transaction_id',
    columns: [
      col('transaction_id', 'VARCHAR'),
      col('user_id', 'VARCHAR'),
      col('event_time', 'TIMESTAMPTZ'),
      col('amount', 'DOUBLE'),
      col('currency', 'VARCHAR'),
      col('product_id', 'VARCHAR'),
      col('product_name', 'VARCHAR'),
      col('category', 'VARCHAR'),
      col('quantity', 'INTEGER'),
      col('payment_method', 'VARCHAR'),
      col('status', 'VARCHAR'),
      // A keyed hash of the email: the address itself never reaches the lake.
      col('email_hash', 'VARCHAR'),
      col('card_last4', 'VARCHAR', true),
      col('session_id', 'VARCHAR'),
      ...LOCATION_DEVICE,
      col('user_segment', 'VARCHAR', true),
      col('is_fraud', 'BOOLEAN', true),
      col('fraud_pattern', 'VARCHAR', true),
      ...SOURCE,
    ],
  },
  activity: {
    name: 'activity',
    grain: 'one row per page view or add-to-cart event on user_activity',
    key: 'event_id',
    columns: [
      col('event_id', 'VARCHAR'),
      col('event_type', 'VARCHAR'),
      col('session_id', 'VARCHAR'),
      col('user_id', 'VARCHAR'),
      col('event_time', 'TIMESTAMPTZ'),
      col('product_id', 'VARCHAR'),
      col('category', 'VARCHAR'),
      ...LOCATION_DEVICE,
      ...SOURCE,
    ],
  },
  alerts: {
    name: 'alerts',
    grain: 'one row per fraud alert on fraud_alerts',
    key: 'alert_id',
    columns: [
      col('alert_id', 'VARCHAR'),
      col('transaction_id', 'VARCHAR'),
      col('user_id', 'VARCHAR'),
      col('rules', 'VARCHAR[]'),
      col('score', 'DOUBLE'),
      col('severity', 'VARCHAR'),
      col('reasons', 'VARCHAR[]'),
      col('event_time', 'TIMESTAMPTZ'),
      col('detected_at', 'TIMESTAMPTZ'),
      col('rules_version', 'INTEGER'),
      ...SOURCE,
    ],
  },
  windows: {
    name: 'windows',
    grain: 'one row per sliding window on analytics, filed under the hour its last instant (window_end, exclusive) falls in',
    key: 'window_start',
    columns: [
      col('window_start', 'TIMESTAMPTZ'),
      // Exclusive.
      col('window_end', 'TIMESTAMPTZ'),
      col('window_seconds', 'INTEGER'),
      col('revenue', 'DOUBLE'),
      col('transactions', 'BIGINT'),
      col('avg_order_value', 'DOUBLE'),
      col('sessions', 'BIGINT'),
      col('converted_sessions', 'BIGINT'),
      col('conversion_rate', 'DOUBLE'),
      col('alerts', 'BIGINT'),
      col('alert_rate', 'DOUBLE'),
      col('late_events', 'BIGINT'),
      // The lists of the window result as JSON text: Parquet, Spark and Snowflake all read a string alike.
      col('top_categories', 'VARCHAR'),
      col('top_categories_by_units', 'VARCHAR'),
      col('top_products', 'VARCHAR'),
      col('top_products_by_units', 'VARCHAR'),
      col('by_country', 'VARCHAR'),
      col('by_city', 'VARCHAR'),
      col('payment_methods', 'VARCHAR'),
      ...SOURCE,
    ],
  },
};

/** The lake path of a dataset's hour, Hive-style: raw/<dataset>/dt=YYYY-MM-DD/hour=HH. */
export function hourPrefix(dataset: DatasetName, hourStartMs: number): string {
  const iso = new Date(hourStartMs).toISOString();
  return `raw/${dataset}/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}
