import { eventTimeMs } from '../event-time';
import {
  decodeJson,
  validateActivity,
  validateAlert,
  validateTransaction,
  type Activity,
  type Alert,
  type Device,
  type Location,
  type Transaction,
  type Validation,
} from '../events/schema';
import { isoTime } from '../iso-time';
import type { DatasetName } from './datasets';
import { cityLevel, ipPrefix, type Pseudonyms } from './pseudonyms';
import { validateWindow, windowRecord } from './window-rows';

/** A value of a lake column, as DuckDB reads it from JSON. */
export type LakeValue = string | number | boolean | null | readonly string[];

/** One row of a raw dataset: its columns by name, in the order DATASETS lists them. */
export type LakeRow = Readonly<Record<string, LakeValue>>;

/** Where a message was read from in Kafka; it becomes the row's kafka_* columns. */
export interface MessageSource {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** A row with the event time that decides its hour in the lake; the row as an object, or already as JSON text. */
export interface LakeRecord<Row = LakeRow> {
  readonly eventTimeMs: number;
  readonly row: Row;
}

/** What turning a message into a row needs besides the message. */
export interface RowContext {
  /** The validator's clock: event times more than a day past it are refused. */
  readonly nowMs: number;
  /** What the lake keeps instead of emails and device ids. */
  readonly pseudonyms: Pseudonyms;
}

function source(s: MessageSource) {
  return { kafka_topic: s.topic, kafka_partition: s.partition, kafka_offset: s.offset };
}

/** Location and device as the lake keeps them: coordinates at city level, the device id hashed, the IP's network only. */
function place(location: Location | null | undefined, device: Device | null | undefined, pseudonyms: Pseudonyms) {
  return {
    country: location?.country ?? null,
    city: location?.city ?? null,
    lat: location ? cityLevel(location.lat) : null,
    lon: location ? cityLevel(location.lon) : null,
    device_id: device ? pseudonyms.deviceId(device.device_id) : null,
    device_type: device?.type ?? null,
    device_os: device?.os ?? null,
    ip: device ? ipPrefix(device.ip) : null,
  };
}

/** A purchase as a row of `transactions`: location and device flattened and minimised, the email replaced by its hash. */
export function transactionRecord(t: Transaction, from: MessageSource, pseudonyms: Pseudonyms): LakeRecord {
  const timeMs = eventTimeMs(t.timestamp);
  return {
    eventTimeMs: timeMs,
    row: {
      transaction_id: t.transaction_id,
      user_id: t.user_id,
      event_time: isoTime(timeMs),
      amount: t.amount,
      currency: t.currency,
      product_id: t.product_id,
      product_name: t.product_name,
      category: t.category,
      quantity: t.quantity,
      payment_method: t.payment_method,
      status: t.status,
      email_hash: pseudonyms.email(t.email),
      card_last4: t.card_last4,
      session_id: t.session_id,
      ...place(t.location, t.device, pseudonyms),
      user_segment: t.user_segment ?? null,
      is_fraud: t.label?.is_fraud ?? null,
      fraud_pattern: t.label?.pattern ?? null,
      ...source(from),
    },
  };
}

/** A page view or add-to-cart as a row of `activity`, location and device minimised as for purchases. */
export function activityRecord(a: Activity, from: MessageSource, pseudonyms: Pseudonyms): LakeRecord {
  const timeMs = eventTimeMs(a.timestamp);
  return {
    eventTimeMs: timeMs,
    row: {
      event_id: a.event_id,
      event_type: a.event_type,
      session_id: a.session_id,
      user_id: a.user_id,
      event_time: isoTime(timeMs),
      product_id: a.product_id,
      category: a.category,
      ...place(a.location, a.device, pseudonyms),
      ...source(from),
    },
  };
}

/** A fraud alert as a row of `alerts`, filed under the time of the purchase it is about. */
export function alertRecord(a: Alert, from: MessageSource): LakeRecord {
  const timeMs = eventTimeMs(a.event_time);
  return {
    eventTimeMs: timeMs,
    row: {
      alert_id: a.alert_id,
      transaction_id: a.transaction_id,
      user_id: a.user_id,
      rules: a.rules,
      score: a.score,
      severity: a.severity,
      reasons: a.reasons,
      event_time: isoTime(timeMs),
      detected_at: isoTime(eventTimeMs(a.detected_at)),
      rules_version: a.rules_version,
      ...source(from),
    },
  };
}

function mapValid<T>(v: Validation<T>, map: (value: T) => LakeRecord): Validation<LakeRecord> {
  return v.ok ? { ok: true, value: map(v.value) } : v;
}

/** Decodes, validates and maps the bytes of a message into a row of the dataset, or says why it cannot. */
export function lakeRecordOf(dataset: DatasetName, bytes: Buffer | null, from: MessageSource, ctx: RowContext): Validation<LakeRecord> {
  const json = decodeJson(bytes);
  if (!json.ok) return json;
  switch (dataset) {
    case 'transactions':
      return mapValid(validateTransaction(json.value, ctx.nowMs), (t) => transactionRecord(t, from, ctx.pseudonyms));
    case 'activity':
      return mapValid(validateActivity(json.value, ctx.nowMs), (a) => activityRecord(a, from, ctx.pseudonyms));
    case 'alerts':
      return mapValid(validateAlert(json.value), (a) => alertRecord(a, from));
    case 'windows':
      return mapValid(validateWindow(json.value), (w) => windowRecord(w, from));
  }
}
