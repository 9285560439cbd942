import type { Activity, Alert, Transaction } from '../events/schema';

/** One input of the engine, tagged with the stream it came from. */
export type WindowInput =
  | { readonly kind: 'purchase'; readonly event: Transaction }
  | { readonly kind: 'activity'; readonly event: Activity }
  | { readonly kind: 'alert'; readonly event: Alert };

/** A category's completed sales in a window. */
export interface CategoryStat {
  readonly category: string;
  readonly revenue: number;
  readonly units: number;
}

/** A product's completed sales in a window. */
export interface ProductStat {
  readonly product_id: string;
  readonly product_name: string;
  readonly revenue: number;
  readonly units: number;
}

/** A country's or city's completed sales in a window. */
export interface PlaceStat {
  readonly name: string;
  readonly revenue: number;
  readonly transactions: number;
}

/** How many completed purchases a payment method carried in a window. */
export interface PaymentMethodStat {
  readonly method: string;
  readonly transactions: number;
}

/**
 * The KPIs of one window [window_start, window_end), as published on `analytics` (key `window_start`).
 * Sales figures count `completed` purchases only; money is in the purchases' currency, rounded to cents.
 */
export interface WindowResult {
  readonly window_start: string;
  /** Exclusive. */
  readonly window_end: string;
  readonly revenue: number;
  readonly transactions: number;
  /** revenue / transactions, 0 when there are none. */
  readonly avg_order_value: number;
  /** Distinct session_ids with at least one page_view in the window. */
  readonly sessions: number;
  /** Of `sessions`, those whose session_id also has a completed purchase in the window. */
  readonly converted_sessions: number;
  /** converted_sessions / sessions, 0 when there are no sessions. */
  readonly conversion_rate: number;
  /** Top categories by revenue (ties by category). */
  readonly top_categories: readonly CategoryStat[];
  /** Top categories by units (ties by category). */
  readonly top_categories_by_units: readonly CategoryStat[];
  /** Top products by revenue (ties by product_id). */
  readonly top_products: readonly ProductStat[];
  /** Top products by units (ties by product_id). */
  readonly top_products_by_units: readonly ProductStat[];
  /** Every country, by revenue (ties by name). */
  readonly by_country: readonly PlaceStat[];
  /** Every city, by revenue (ties by name). */
  readonly by_city: readonly PlaceStat[];
  /** Every payment method, by transactions (ties by method). */
  readonly payment_methods: readonly PaymentMethodStat[];
  /** Fraud alerts whose event_time falls in the window. */
  readonly alerts: number;
  /** alerts / transactions, 0 when there are no transactions. */
  readonly alert_rate: number;
  /** Inputs in the window that arrived behind the watermark, left out of every figure above. */
  readonly late_events: number;
}

/** An input the engine did not aggregate, and why: nothing is dropped silently. */
export interface LateEvent {
  readonly input: WindowInput;
  readonly source: string;
  /** The input's event time (ms since the epoch); NaN when it does not parse. */
  readonly eventTimeMs: number;
  /** The watermark when it arrived (ms since the epoch). */
  readonly watermarkMs: number;
  readonly reason: string;
}

/** Results the engine emits as the watermark moves. */
export interface Emitted {
  /** Final results, each window exactly once, in window order. */
  readonly results: readonly WindowResult[];
  /** Partial results of windows still open; empty unless early results are on. */
  readonly early: readonly WindowResult[];
}

/** What one input yields: the results it released and, when it was late, the input itself. */
export interface AddOutput extends Emitted {
  readonly late: readonly LateEvent[];
}
