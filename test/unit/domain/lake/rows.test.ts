import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Activity, Alert } from '../../../../src/domain/events/schema';
import { DATASETS, lakeRecordOf, pseudonymsOf, type DatasetName, type RowContext } from '../../../../src/domain/lake';
import { purchase as validPurchase } from '../../../support/purchase';

const NOW_MS = Date.parse('2026-11-25T13:00:00.000Z');
const KEY = 'test-key';
const ctx: RowContext = { nowMs: NOW_MS, pseudonyms: pseudonymsOf(KEY) };
const from = { topic: 'sales_stream', partition: 2, offset: 41 };
const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

const purchase = validPurchase({
  user_id: 'u-000123',
  timestamp: '2026-11-25T12:34:56.789Z',
  amount: 129.99,
  product_id: 'p-00042',
  product_name: 'Headphones',
  category: 'electronics',
  email: 'Jane.Doe@Example.com',
  device: { device_id: 'd-1', type: 'mobile', os: 'iOS', ip: '203.0.113.7' },
  user_segment: 'normal',
  label: { is_fraud: true, pattern: 'velocity' },
});

const pageView: Activity = {
  event_type: 'page_view',
  event_id: 'e-1',
  session_id: 's-1',
  user_id: 'u-000123',
  timestamp: '2026-11-25T12:00:00.000Z',
  product_id: 'p-00042',
  category: 'electronics',
  location: null,
  device: { device_id: 'd-1', type: 'desktop', os: 'Linux', ip: '198.51.100.1' },
};

const alert: Alert = {
  alert_id: 'a-1',
  transaction_id: 't-1',
  user_id: 'u-000123',
  rules: ['high_amount', 'velocity'],
  score: 0.91,
  severity: 'CRITICAL',
  reasons: ['amount 2500.00 > 2000.00'],
  event_time: '2026-11-25T14:00:01.250+02:00',
  detected_at: '2026-11-25T12:00:02.000Z',
  rules_version: 3,
};

function rowOf(dataset: DatasetName, event: unknown) {
  const r = lakeRecordOf(dataset, bytes(event), from, ctx);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
}

describe('lake rows', () => {
  it('gives every dataset exactly the columns of its definition, in order', () => {
    const rows = { transactions: rowOf('transactions', purchase), activity: rowOf('activity', pageView), alerts: rowOf('alerts', alert) };
    for (const [dataset, record] of Object.entries(rows)) {
      assert.deepEqual(
        Object.keys(record.row),
        DATASETS[dataset as DatasetName].columns.map((c) => c.name),
        dataset,
      );
    }
  });

  it('flattens location and device (coordinates at city level, the device id hashed, the IP cut to its network), keeps the label, and records where the message came from', () => {
    const { row, eventTimeMs } = rowOf('transactions', purchase);
    assert.equal(eventTimeMs, Date.parse(purchase.timestamp));
    assert.deepEqual(
      { ...row, email_hash: undefined },
      {
        transaction_id: 't-1',
        user_id: 'u-000123',
        event_time: '2026-11-25T12:34:56.789Z',
        amount: 129.99,
        currency: 'USD',
        product_id: 'p-00042',
        product_name: 'Headphones',
        category: 'electronics',
        quantity: 1,
        payment_method: 'credit_card',
        status: 'completed',
        email_hash: undefined,
        card_last4: '4242',
        session_id: 's-1',
        country: 'US',
        city: 'New York',
        lat: 40.7,
        lon: -74,
        device_id: pseudonymsOf(KEY).deviceId('d-1'),
        device_type: 'mobile',
        device_os: 'iOS',
        ip: '203.0.113.0/24',
        user_segment: 'normal',
        is_fraud: true,
        fraud_pattern: 'velocity',
        kafka_topic: 'sales_stream',
        kafka_partition: 2,
        kafka_offset: 41,
      },
    );
  });

  it('replaces the email by its keyed HMAC-SHA-256 in lowercase hex, the same for any case of the address', () => {
    const { row } = rowOf('transactions', purchase);
    assert.equal(row.email_hash, createHmac('sha256', KEY).update('jane.doe@example.com').digest('hex'));
    assert.match(String(row.email_hash), /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(row).toLowerCase().includes('jane'), 'no trace of the address');
    assert.equal(rowOf('transactions', { ...purchase, email: ' jane.doe@example.COM ' }).row.email_hash, row.email_hash);
    assert.notEqual(pseudonymsOf('another-key').email('jane.doe@example.com'), row.email_hash, 'the key matters');
  });

  it('writes nulls for a missing location, label and segment', () => {
    const { row } = rowOf('transactions', { ...purchase, location: undefined, label: undefined, user_segment: undefined, device: null });
    for (const column of [
      'country',
      'city',
      'lat',
      'lon',
      'device_id',
      'device_type',
      'device_os',
      'ip',
      'user_segment',
      'is_fraud',
      'fraud_pattern',
    ]) {
      assert.equal(row[column], null, column);
    }
    assert.equal(rowOf('activity', pageView).row.country, null);
    assert.equal(rowOf('activity', pageView).row.device_os, 'Linux');
  });

  it('files an alert under its event time in UTC, whatever offset it was written with', () => {
    const { row, eventTimeMs } = rowOf('alerts', alert);
    assert.equal(eventTimeMs, Date.parse('2026-11-25T12:00:01.250Z'));
    assert.equal(row.event_time, '2026-11-25T12:00:01.250Z');
    assert.deepEqual(row.rules, ['high_amount', 'velocity']);
  });

  it('refuses bad input with a reason instead of throwing', () => {
    const refused = (dataset: DatasetName, value: Buffer | null) => {
      const r = lakeRecordOf(dataset, value, from, ctx);
      assert.ok(!r.ok);
      return r.reason;
    };
    assert.equal(refused('transactions', null), 'empty message');
    assert.match(refused('transactions', Buffer.from('{"oops"')), /^not JSON/);
    assert.match(refused('transactions', bytes({ ...purchase, amount: -5 })), /^amount/);
    assert.match(refused('transactions', bytes({ ...purchase, timestamp: '2026-11-27T12:00:00.000Z' })), /more than a day in the future/);
    assert.match(refused('activity', bytes(purchase)), /event_type/);
    assert.match(refused('alerts', bytes({ ...alert, score: 2 })), /^score/);
  });
});
