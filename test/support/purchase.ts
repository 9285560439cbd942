import type { Device, Transaction } from '../../src/domain/events/schema';

/** Event time the purchase tests start at. */
export const T0 = Date.parse('2026-11-25T12:00:00.000Z');
export const NEW_YORK = { lat: 40.7128, lon: -74.006 };
export const PHONE: Device = { device_id: 'd-phone', type: 'mobile', os: 'iOS', ip: '203.0.113.7' };

/** A valid purchase of 40.00 at T0 in New York on PHONE, with the fields given replaced. */
export function purchase(fields: Partial<Transaction> = {}): Transaction {
  return {
    event_type: 'purchase',
    transaction_id: 't-1',
    user_id: 'u-1',
    timestamp: new Date(T0).toISOString(),
    amount: 40,
    currency: 'USD',
    product_id: 'p-1',
    product_name: 'Thing',
    category: 'books',
    quantity: 1,
    payment_method: 'credit_card',
    status: 'completed',
    email: 'a@example.com',
    card_last4: '4242',
    session_id: 's-1',
    location: { country: 'US', city: 'New York', ...NEW_YORK },
    device: PHONE,
    ...fields,
  };
}
