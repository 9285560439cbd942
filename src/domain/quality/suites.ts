import { PAYMENT_METHODS, SEVERITIES, STATUSES, DEVICE_TYPES } from '../events/schema';
import { DEFAULT_WINDOW_ENGINE_OPTIONS } from '../analytics/options';
import type { DatasetName } from '../lake/datasets';
import { HOUR_MS } from '../hour';
import { defineSuite, type CheckInput, type Suite } from './checks';

// The suites guard one closed hour of the raw zone (dt=/hour=), run before the hour is loaded into the
// warehouse. Every event was validated on the stream (bad input goes to the DLQ), so a failure of a
// correctness check is a pipeline bug and an `error`; volume and freshness may be real quiet traffic, so `warn`.

/** An hour with more rows than this is a replay loop or a runaway producer, not shoppers. */
const MAX_ROWS_PER_HOUR = 50_000_000;
/** How long before the end of a closed hour its newest event may be before the stream looks stalled. */
const MAX_LAG_MS = 15 * 60_000;
/** Deviations from the same-hour mean beyond which an hour's volume is unusual. */
const MAX_VOLUME_Z_SCORE = 4;
/** The shop sells in US dollars only; revenue sums would mix currencies if another slipped in. */
const ACCEPTED_CURRENCIES = ['USD'];
/** The lake sink writes the keyed hash of the email (HMAC-SHA-256) as lowercase hex; the address never lands. */
const EMAIL_HASH_PATTERN = '^[0-9a-f]{64}$';

/** The stream accepts any device type; a trickle of new ones is the wild, a flood is a broken client. */
const DEVICE_TYPE_CHECK: CheckInput = {
  type: 'accepted_values',
  name: 'device_type_values',
  severity: 'warn',
  column: 'device_type',
  values: [...DEVICE_TYPES],
  minPassRatio: 0.99,
};

/** The checks every hourly event dataset shares: its size, its volume against earlier days, its freshness, its columns. */
function hourlyChecks(): CheckInput[] {
  return [
    { type: 'row_count', name: 'row_count', severity: 'error', minRows: 1, maxRows: MAX_ROWS_PER_HOUR },
    { type: 'volume_anomaly', name: 'volume', severity: 'warn', maxZScore: MAX_VOLUME_Z_SCORE },
    { type: 'freshness', name: 'freshness', severity: 'warn', column: 'event_time', maxLagMs: MAX_LAG_MS },
    { type: 'schema', name: 'schema', severity: 'error' },
  ];
}

/** Checks on the purchases of sales_stream. */
export const TRANSACTIONS_SUITE: Suite = defineSuite('transactions', [
  {
    type: 'not_null',
    name: 'required',
    severity: 'error',
    columns: ['transaction_id', 'user_id', 'event_time', 'amount', 'currency', 'status'],
  },
  { type: 'unique', name: 'transaction_id_unique', severity: 'error', columns: ['transaction_id'] },
  { type: 'range', name: 'amount_non_negative', severity: 'error', column: 'amount', min: 0 },
  { type: 'range', name: 'amount_range', severity: 'error', column: 'amount', min: 0, minExclusive: true, max: 1_000_000 },
  { type: 'range', name: 'quantity_range', severity: 'error', column: 'quantity', min: 1, max: 10_000 },
  { type: 'accepted_values', name: 'status_values', severity: 'error', column: 'status', values: [...STATUSES] },
  { type: 'accepted_values', name: 'payment_method_values', severity: 'error', column: 'payment_method', values: [...PAYMENT_METHODS] },
  { type: 'accepted_values', name: 'currency_values', severity: 'error', column: 'currency', values: ACCEPTED_CURRENCIES },
  { type: 'regex', name: 'currency_format', severity: 'error', column: 'currency', pattern: '^[A-Z]{3}$' },
  // The email regex of the issue has no column to run on: only its hash leaves the stream. This proves the
  // hash is one, i.e. that no address leaked into the column.
  { type: 'regex', name: 'email_hash_format', severity: 'error', column: 'email_hash', pattern: EMAIL_HASH_PATTERN },
  { type: 'regex', name: 'card_last4_format', severity: 'error', column: 'card_last4', pattern: '^[0-9]{4}$' },
  DEVICE_TYPE_CHECK,
  ...hourlyChecks(),
]);

/** Checks on the page views and add-to-carts of user_activity. */
export const ACTIVITY_SUITE: Suite = defineSuite('activity', [
  {
    type: 'not_null',
    name: 'required',
    severity: 'error',
    columns: ['event_id', 'event_type', 'session_id', 'user_id', 'event_time', 'product_id'],
  },
  { type: 'unique', name: 'event_id_unique', severity: 'error', columns: ['event_id'] },
  { type: 'accepted_values', name: 'event_type_values', severity: 'error', column: 'event_type', values: ['page_view', 'add_to_cart'] },
  DEVICE_TYPE_CHECK,
  ...hourlyChecks(),
]);

/** Checks on the fraud alerts; an hour without alerts is normal, so no row count or freshness. */
export const ALERTS_SUITE: Suite = defineSuite('alerts', [
  {
    type: 'not_null',
    name: 'required',
    severity: 'error',
    columns: ['alert_id', 'transaction_id', 'user_id', 'score', 'severity', 'event_time'],
  },
  // The engine re-issues an alert under its id when the severity rises: once per severity is the contract.
  { type: 'unique', name: 'alert_id_unique_per_severity', severity: 'error', columns: ['alert_id', 'severity'] },
  {
    type: 'referential',
    name: 'transaction_known',
    severity: 'error',
    column: 'transaction_id',
    references: { dataset: 'transactions', column: 'transaction_id' },
  },
  { type: 'accepted_values', name: 'severity_values', severity: 'error', column: 'severity', values: [...SEVERITIES] },
  { type: 'range', name: 'score_range', severity: 'error', column: 'score', min: 0, max: 1 },
  { type: 'range', name: 'rules_version_non_negative', severity: 'error', column: 'rules_version', min: 0 },
  // A storm of alerts is a rule gone wrong more often than a fraud wave: worth a look, not a stop.
  { type: 'volume_anomaly', name: 'volume', severity: 'warn', maxZScore: MAX_VOLUME_Z_SCORE },
  { type: 'schema', name: 'schema', severity: 'error' },
]);

/**
 * Windows a closed hour holds: one per slide, each ending in the hour (at the default slide of the analytics
 * consumer, 10 s: 360). A deployment with another ANALYTICS slide declares its own count.
 */
export const WINDOWS_PER_HOUR = HOUR_MS / DEFAULT_WINDOW_ENGINE_OPTIONS.slideMs;

/** The transactions a JSON list of the window result adds up to (DuckDB). */
const listTransactions = (column: string): string =>
  `coalesce(list_sum(CAST(json_extract(${column}, '$[*].transactions') AS BIGINT[])), 0)`;

/** Checks on the analytics consumer's windows: one row per window, none missing in a closed hour, counts that add up. */
export const WINDOWS_SUITE: Suite = defineSuite('windows', [
  {
    type: 'not_null',
    name: 'required',
    severity: 'error',
    columns: ['window_start', 'window_end', 'window_seconds', 'revenue', 'transactions', 'sessions', 'converted_sessions', 'alerts'],
  },
  // The consumer emits each window once; a second row is a replay the sink did not make idempotent.
  { type: 'unique', name: 'one_row_per_window', severity: 'error', columns: ['window_start'] },
  // With one row per window, exactly one per slide means none is missing: no gaps in the hour.
  { type: 'row_count', name: 'no_gaps', severity: 'error', minRows: WINDOWS_PER_HOUR, maxRows: WINDOWS_PER_HOUR },
  {
    type: 'expression',
    name: 'counts_add_up',
    severity: 'error',
    // Every purchase has a payment method, not always a place; converted sessions are some of the sessions.
    expression: [
      'converted_sessions <= sessions',
      `${listTransactions('payment_methods')} = transactions`,
      `${listTransactions('by_country')} <= transactions`,
      'epoch_ms(window_end) - epoch_ms(window_start) = window_seconds * 1000',
    ].join(' AND '),
  },
  { type: 'range', name: 'conversion_rate_range', severity: 'error', column: 'conversion_rate', min: 0, max: 1 },
  { type: 'range', name: 'revenue_non_negative', severity: 'error', column: 'revenue', min: 0 },
  { type: 'schema', name: 'schema', severity: 'error' },
]);

/** The suite of each raw dataset. */
export const RAW_SUITES: Readonly<Record<DatasetName, Suite>> = {
  transactions: TRANSACTIONS_SUITE,
  activity: ACTIVITY_SUITE,
  alerts: ALERTS_SUITE,
  windows: WINDOWS_SUITE,
};
