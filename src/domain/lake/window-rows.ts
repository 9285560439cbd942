import { z } from 'zod';
import { describeIssues, type Validation } from '../events/schema';
import { isoTime } from '../iso-time';
import type { LakeRecord, MessageSource } from './rows';

const count = z.number().int().nonnegative();
const amount = z.number().finite();
const ratio = z.number().finite().min(0);
const category = z.object({ category: z.string(), revenue: amount, units: count });
const product = z.object({ product_id: z.string(), product_name: z.string(), revenue: amount, units: count });
const place = z.object({ name: z.string(), revenue: amount, transactions: count });
const paymentMethod = z.object({ method: z.string(), transactions: count });
const time = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 time');

/**
 * A window result as the analytics consumer publishes it (src/domain/analytics/types.ts WindowResult): the figures the
 * lake stores as columns, and the lists it stores as JSON text and the dashboard draws, item by item.
 */
const windowSchema = z
  .object({
    window_start: time,
    window_end: time,
    revenue: amount,
    transactions: count,
    avg_order_value: amount,
    sessions: count,
    converted_sessions: count,
    conversion_rate: ratio,
    top_categories: z.array(category).readonly(),
    top_categories_by_units: z.array(category).readonly(),
    top_products: z.array(product).readonly(),
    top_products_by_units: z.array(product).readonly(),
    by_country: z.array(place).readonly(),
    by_city: z.array(place).readonly(),
    payment_methods: z.array(paymentMethod).readonly(),
    alerts: count,
    alert_rate: ratio,
    late_events: count,
  })
  .refine((w) => Date.parse(w.window_end) > Date.parse(w.window_start), 'window_end: must be after window_start');

/** A window result as the lake sink reads it from `analytics`. */
export type WindowMessage = z.infer<typeof windowSchema>;

/** Validates a decoded window result. */
export function validateWindow(input: unknown): Validation<WindowMessage> {
  const parsed = windowSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

/**
 * A window result as a row of `windows`, filed by its end: the end is exclusive, so the hour is that of the window's
 * last instant (end − 1 ms). A closed hour then holds exactly the windows that end inside it, up to and including the
 * one ending on the hour: 360 of them at the default 10-second slide, the last minute of the hour among them.
 */
export function windowRecord(w: WindowMessage, from: MessageSource): LakeRecord {
  const startMs = Date.parse(w.window_start);
  const endMs = Date.parse(w.window_end);
  return {
    eventTimeMs: endMs - 1,
    row: {
      window_start: isoTime(startMs),
      window_end: isoTime(endMs),
      window_seconds: Math.round((endMs - startMs) / 1000),
      revenue: w.revenue,
      transactions: w.transactions,
      avg_order_value: w.avg_order_value,
      sessions: w.sessions,
      converted_sessions: w.converted_sessions,
      conversion_rate: w.conversion_rate,
      alerts: w.alerts,
      alert_rate: w.alert_rate,
      late_events: w.late_events,
      top_categories: JSON.stringify(w.top_categories),
      top_categories_by_units: JSON.stringify(w.top_categories_by_units),
      top_products: JSON.stringify(w.top_products),
      top_products_by_units: JSON.stringify(w.top_products_by_units),
      by_country: JSON.stringify(w.by_country),
      by_city: JSON.stringify(w.by_city),
      payment_methods: JSON.stringify(w.payment_methods),
      kafka_topic: from.topic,
      kafka_partition: from.partition,
      kafka_offset: from.offset,
    },
  };
}
