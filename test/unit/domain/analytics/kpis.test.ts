import assert from 'node:assert/strict';
import { WindowEngine, type WindowResult } from '../../../../src/domain/analytics';
import { activity, alert, at, feed, purchase, windowAt } from './inputs';

// Moves the watermark far past every window of interest.
const flush = activity(1_000_000, 'clock', 'add_to_cart');

describe('window KPIs', () => {
  it('computes every KPI of a window as worked out by hand', () => {
    const { results } = feed(new WindowEngine(), [
      activity(500, 's1'),
      activity(800, 's1'),
      purchase(1_000, { session_id: 's1', amount: 100.1, product_id: 'p1', product_name: 'Phone' }),
      alert(1_000),
      activity(1_500, 's2'),
      purchase(2_000, {
        session_id: 's2',
        amount: 30,
        quantity: 3,
        category: 'books',
        product_id: 'p2',
        product_name: 'Novel',
        payment_method: 'paypal',
        location: { country: 'US', city: 'Chicago', lat: 41.88, lon: -87.63 },
      }),
      purchase(3_000, {
        session_id: 's1',
        amount: 19.98,
        quantity: 2,
        product_id: 'p3',
        product_name: 'Cable',
        location: { country: 'GB', city: 'London', lat: 51.51, lon: -0.13 },
      }),
      // s3 and s4 buy without a page view in the window: sales, but no session to convert.
      purchase(4_000, {
        session_id: 's3',
        amount: 10,
        category: 'books',
        product_id: 'p2',
        product_name: 'Novel',
        location: { country: 'GB', city: 'London', lat: 51.51, lon: -0.13 },
      }),
      purchase(5_000, {
        session_id: 's4',
        amount: 50,
        quantity: 5,
        category: 'toys',
        product_id: 'p4',
        product_name: 'Kite',
        payment_method: 'apple_pay',
        location: null,
      }),
      // Not completed: no revenue, no transaction, no conversion.
      purchase(6_000, { session_id: 's2', amount: 999.99, status: 'failed', payment_method: 'debit_card' }),
      alert(6_000),
      activity(7_000, 's5'),
      purchase(8_000, { session_id: 's5', amount: 40, status: 'refunded' }),
      activity(9_000, 's6'),
      activity(9_500, 's7', 'add_to_cart'),
      // In later windows only.
      alert(70_000),
      purchase(75_000, { session_id: 's6', amount: 5 }),
      flush,
    ]);
    const expected: WindowResult = {
      window_start: at(0),
      window_end: at(60_000),
      revenue: 210.08, // 100.10 + 30.00 + 19.98 + 10.00 + 50.00
      transactions: 5,
      avg_order_value: 42.02, // 210.08 / 5 = 42.016
      sessions: 4, // s1, s2, s5, s6
      converted_sessions: 2, // s1, s2; s5 only refunded, s6 bought after the window
      conversion_rate: 0.5,
      top_categories: [
        { category: 'electronics', revenue: 120.08, units: 3 },
        { category: 'toys', revenue: 50, units: 5 },
        { category: 'books', revenue: 40, units: 4 },
      ],
      top_categories_by_units: [
        { category: 'toys', revenue: 50, units: 5 },
        { category: 'books', revenue: 40, units: 4 },
        { category: 'electronics', revenue: 120.08, units: 3 },
      ],
      top_products: [
        { product_id: 'p1', product_name: 'Phone', revenue: 100.1, units: 1 },
        { product_id: 'p4', product_name: 'Kite', revenue: 50, units: 5 },
        { product_id: 'p2', product_name: 'Novel', revenue: 40, units: 4 },
        { product_id: 'p3', product_name: 'Cable', revenue: 19.98, units: 2 },
      ],
      top_products_by_units: [
        { product_id: 'p4', product_name: 'Kite', revenue: 50, units: 5 },
        { product_id: 'p2', product_name: 'Novel', revenue: 40, units: 4 },
        { product_id: 'p3', product_name: 'Cable', revenue: 19.98, units: 2 },
        { product_id: 'p1', product_name: 'Phone', revenue: 100.1, units: 1 },
      ],
      // The toys purchase has no location: it counts in the totals, in no place.
      by_country: [
        { name: 'US', revenue: 130.1, transactions: 2 },
        { name: 'GB', revenue: 29.98, transactions: 2 },
      ],
      by_city: [
        { name: 'New York', revenue: 100.1, transactions: 1 },
        { name: 'Chicago', revenue: 30, transactions: 1 },
        { name: 'London', revenue: 29.98, transactions: 2 },
      ],
      payment_methods: [
        { method: 'credit_card', transactions: 3 },
        { method: 'apple_pay', transactions: 1 },
        { method: 'paypal', transactions: 1 },
      ],
      alerts: 2,
      alert_rate: 0.4,
      late_events: 0,
    };
    assert.deepEqual(windowAt(results, 0), expected);
  });

  it('keeps the top five, ties broken by name, and ranks by units separately from revenue', () => {
    const sales = [
      ['f', 60, 1],
      ['b', 50, 2],
      ['a', 50, 2],
      ['e', 40, 9],
      ['d', 30, 3],
      ['c', 20, 3],
      ['g', 10, 1],
    ] as const;
    const { results } = feed(new WindowEngine(), [
      ...sales.map(([category, amount, quantity], i) => purchase(i * 1000, { category, amount, quantity, product_id: category })),
      flush,
    ]);
    const w = windowAt(results, 0);
    assert.deepEqual(
      w.top_categories.map((c) => c.category),
      ['f', 'a', 'b', 'e', 'd'],
    );
    assert.deepEqual(
      w.top_categories_by_units.map((c) => c.category),
      ['e', 'c', 'd', 'a', 'b'],
    );
    assert.deepEqual(
      w.top_products.map((p) => p.product_id),
      ['f', 'a', 'b', 'e', 'd'],
    );
    assert.deepEqual(
      w.top_products_by_units.map((p) => p.product_id),
      ['e', 'c', 'd', 'a', 'b'],
    );
  });

  it('sums money in cents, so that revenue has no binary fractions and averages round to the cent', () => {
    const { results } = feed(new WindowEngine(), [
      purchase(0, { amount: 0.1 }),
      purchase(1, { amount: 0.2 }),
      purchase(2, { amount: 0.02 }),
      flush,
    ]);
    const w = windowAt(results, 0);
    assert.equal(w.revenue, 0.32);
    assert.equal(w.avg_order_value, 0.11); // 0.10666…
  });

  it('reports zero rates rather than dividing by zero in a window with activity only', () => {
    const { results } = feed(new WindowEngine(), [activity(0, 's1', 'add_to_cart'), alert(1), flush]);
    const w = windowAt(results, 0);
    assert.equal(w.transactions, 0);
    assert.equal(w.avg_order_value, 0);
    assert.equal(w.sessions, 0);
    assert.equal(w.conversion_rate, 0);
    assert.equal(w.alerts, 1);
    assert.equal(w.alert_rate, 0);
  });

  it('counts a session that converts across windows only where both its page view and its purchase fall', () => {
    const { results } = feed(new WindowEngine(), [activity(55_000, 's1'), purchase(65_000, { session_id: 's1' }), flush]);
    assert.equal(windowAt(results, 0).converted_sessions, 0, 'the purchase is after this window');
    assert.equal(windowAt(results, 10_000).sessions, 1);
    assert.equal(windowAt(results, 10_000).converted_sessions, 1);
    assert.equal(windowAt(results, 60_000).sessions, 0, 'no page view in this window');
    assert.equal(windowAt(results, 60_000).converted_sessions, 0);
  });
});
