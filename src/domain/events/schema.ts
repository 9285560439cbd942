import { z } from 'zod';

/** Fraud patterns the generator injects, one per detection rule. */
export const FRAUD_PATTERNS = [
  'high_amount',
  'rapid_burst',
  'velocity',
  'impossible_travel',
  'device_takeover',
  'behavior_outlier',
] as const;
export type FraudPattern = (typeof FRAUD_PATTERNS)[number];

export const PAYMENT_METHODS = ['credit_card', 'debit_card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer'] as const;
export const STATUSES = ['completed', 'pending', 'failed', 'refunded'] as const;
export const SEGMENTS = ['normal', 'high_value', 'suspicious'] as const;
export const DEVICE_TYPES = ['mobile', 'desktop', 'tablet'] as const;

/** The widest accepted amount; anything above is garbage, not a purchase. */
export const MAX_AMOUNT = 1_000_000;
/** Event times earlier than this are absurd for this system. */
export const EARLIEST_EVENT_TIME = Date.parse('2000-01-01T00:00:00Z');
/** How far past the validator's clock an event time may lie before it is absurd. */
export const MAX_FUTURE_SKEW_MS = 24 * 3600 * 1000;

const isoTimestamp = z.iso.datetime({ offset: true });

/** An identifier: printable ASCII without spaces, so that no control character or look-alike letter rides in a key. */
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'expected printable ASCII without spaces');

const location = z.object({
  country: z.string().min(2).max(64),
  city: z.string().min(1).max(128),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

const device = z.object({
  device_id: z.string().min(1).max(128),
  type: z.string().min(1).max(32),
  os: z.string().min(1).max(64),
  ip: z.string().max(64),
});

// A purchase without a usable location or device still moved money: it stays valid and the rules that
// need the field skip it, so garbage there becomes null rather than a rejection.
const lenientLocation = location.nullable().optional().catch(null);
const lenientDevice = device.nullable().optional().catch(null);

/** Longest pattern name a label keeps; a longer one is garbage, and only the label is dropped for it. */
const MAX_PATTERN_LENGTH = 64;

const label = z.object({
  is_fraud: z.boolean(),
  // Any name, kept as given: a labelling tool's own names or a pattern newer than FRAUD_PATTERNS are ground truth too.
  pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).nullable(),
  incident_id: z.string().max(128).nullable().optional(),
});

// Optional metadata never costs a purchase: a label or segment that does not parse is dropped, the purchase kept.
const lenientLabel = label.optional().catch(undefined);
const lenientSegment = z.string().min(1).max(32).optional().catch(undefined);

/** A purchase on sales_stream. */
export const transactionSchema = z.object({
  event_type: z.literal('purchase'),
  transaction_id: id,
  user_id: id,
  timestamp: isoTimestamp,
  amount: z.number().positive().max(MAX_AMOUNT),
  currency: z.string().regex(/^[A-Z]{3}$/),
  product_id: id,
  product_name: z.string().max(256),
  category: z.string().min(1).max(64),
  quantity: z.number().int().positive().max(10_000),
  payment_method: z.enum(PAYMENT_METHODS),
  status: z.enum(STATUSES),
  email: z.string().max(256),
  card_last4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  session_id: z.string().max(64),
  location: lenientLocation,
  device: lenientDevice,
  user_segment: lenientSegment,
  label: lenientLabel,
});

/** A page view or add-to-cart on user_activity. */
export const activitySchema = z.object({
  event_type: z.enum(['page_view', 'add_to_cart']),
  event_id: id,
  session_id: id,
  user_id: id,
  timestamp: isoTimestamp,
  product_id: id,
  category: z.string().min(1).max(64),
  location: lenientLocation,
  device: lenientDevice,
});

export type Transaction = z.infer<typeof transactionSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type Location = z.infer<typeof location>;
export type Device = z.infer<typeof device>;
export type Label = z.infer<typeof label>;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type Status = (typeof STATUSES)[number];
export type Segment = (typeof SEGMENTS)[number];

/** Either the parsed event or why it was rejected. */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The first issues of a failed parse, each with the path it concerns: a dead letter's reason. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function validateWith<T extends { timestamp: string }>(schema: z.ZodType<T>, input: unknown, nowMs: number): Validation<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  const t = Date.parse(parsed.data.timestamp);
  if (t < EARLIEST_EVENT_TIME) return { ok: false, reason: `timestamp: ${parsed.data.timestamp} is before 2000` };
  if (t > nowMs + MAX_FUTURE_SKEW_MS) return { ok: false, reason: `timestamp: ${parsed.data.timestamp} is more than a day in the future` };
  return { ok: true, value: parsed.data };
}

/** Validates a decoded purchase; `nowMs` bounds how far in the future its event time may be. */
export function validateTransaction(input: unknown, nowMs: number): Validation<Transaction> {
  return validateWith(transactionSchema, input, nowMs);
}

/** Validates a decoded activity event; `nowMs` bounds how far in the future its event time may be. */
export function validateActivity(input: unknown, nowMs: number): Validation<Activity> {
  return validateWith(activitySchema, input, nowMs);
}

/** Decodes raw message bytes as JSON, or says why they are not JSON. */
export function decodeJson(bytes: Buffer | null): Validation<unknown> {
  if (bytes === null || bytes.length === 0) return { ok: false, reason: 'empty message' };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
}

/** Names of the fraud detection rules, as alerts carry them. */
export const RULE_NAMES = [
  'high_amount',
  'rapid_transactions',
  'velocity',
  'impossible_travel',
  'device_anomaly',
  'behavior_anomaly',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A fraud alert on fraud_alerts. */
export const alertSchema = z.object({
  alert_id: z.string().min(1).max(64),
  transaction_id: id,
  user_id: id,
  rules: z.array(z.enum(RULE_NAMES)).min(1),
  score: z.number().min(0).max(1),
  severity: z.enum(SEVERITIES),
  reasons: z.array(z.string().max(512)),
  event_time: isoTimestamp,
  detected_at: isoTimestamp,
  rules_version: z.number().int().nonnegative(),
});
export type Alert = z.infer<typeof alertSchema>;

/** Validates a decoded alert. */
export function validateAlert(input: unknown): Validation<Alert> {
  const parsed = alertSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}
