import { isoTime } from '../iso-time';
import { addTo, type Pane, type ProductTally, type Tally } from './pane';
import type { CategoryStat, PlaceStat, ProductStat, WindowResult } from './types';

/** Distinct sessions of a window and how many of them converted, counted by the engine's SessionIndex. */
export interface SessionCounts {
  readonly sessions: number;
  readonly converted: number;
}

/** Combines the panes of one window, earliest first, into its KPIs. */
export function windowResult(panes: readonly Pane[], startMs: number, endMs: number, topN: number, counts: SessionCounts): WindowResult {
  let revenueCents = 0;
  let transactions = 0;
  let alerts = 0;
  let lateEvents = 0;
  const categories = new Map<string, Tally>();
  const products = new Map<string, ProductTally>();
  const countries = new Map<string, Tally>();
  const cities = new Map<string, Tally>();
  const methods = new Map<string, Tally>();
  for (const p of panes) {
    revenueCents += p.revenueCents;
    transactions += p.transactions;
    alerts += p.alerts;
    lateEvents += p.lateEvents;
    // Panes come earliest first: a product keeps the first name it sold under in the window.
    merge(products, p.products);
    merge(categories, p.categories);
    merge(countries, p.countries);
    merge(cities, p.cities);
    merge(methods, p.paymentMethods);
  }
  const byRevenue = (t: Tally): number => t.revenueCents;
  const byUnits = (t: Tally): number => t.units;
  const byTransactions = (t: Tally): number => t.transactions;
  const category = ([category, t]: Entry<Tally>): CategoryStat => ({ category, revenue: money(t.revenueCents), units: t.units });
  const product = ([product_id, t]: Entry<ProductTally>): ProductStat => ({
    product_id,
    product_name: t.name,
    revenue: money(t.revenueCents),
    units: t.units,
  });
  const place = ([name, t]: Entry<Tally>): PlaceStat => ({ name, revenue: money(t.revenueCents), transactions: t.transactions });
  const { sessions, converted } = counts;
  return {
    window_start: isoTime(startMs),
    window_end: isoTime(endMs),
    revenue: money(revenueCents),
    transactions,
    avg_order_value: transactions === 0 ? 0 : money(Math.round(revenueCents / transactions)),
    sessions,
    converted_sessions: converted,
    conversion_rate: sessions === 0 ? 0 : converted / sessions,
    top_categories: top(categories, byRevenue, topN).map(category),
    top_categories_by_units: top(categories, byUnits, topN).map(category),
    top_products: top(products, byRevenue, topN).map(product),
    top_products_by_units: top(products, byUnits, topN).map(product),
    by_country: top(countries, byRevenue).map(place),
    by_city: top(cities, byRevenue).map(place),
    payment_methods: top(methods, byTransactions).map(([method, t]) => ({ method, transactions: t.transactions })),
    alerts,
    alert_rate: transactions === 0 ? 0 : alerts / transactions,
    late_events: lateEvents,
  };
}

type Entry<T> = readonly [string, T];

// Tallies of panes are shared by every window over them: copy, never add into them.
function merge<T extends Tally>(into: Map<string, T>, from: ReadonlyMap<string, T>): void {
  for (const [key, t] of from) {
    const existing = into.get(key);
    if (existing === undefined) into.set(key, { ...t });
    else addTo(existing, t.revenueCents, t.units, t.transactions);
  }
}

function money(cents: number): number {
  return cents / 100;
}

/**
 * The `limit` entries with the highest measure, highest first; ties by key in code-point order (not by locale,
 * so every machine ranks alike). Selects instead of sorting: a window sells thousands of products, shows five.
 */
function top<T>(groups: ReadonlyMap<string, T>, measure: (t: T) => number, limit = Infinity): Entry<T>[] {
  const before = (a: Entry<T>, b: Entry<T>): boolean => {
    const d = measure(a[1]) - measure(b[1]);
    return d > 0 || (d === 0 && a[0] < b[0]);
  };
  const best: Entry<T>[] = [];
  for (const entry of groups) {
    if (best.length >= limit && !before(entry, best[best.length - 1] as Entry<T>)) continue;
    let i = best.length;
    while (i > 0 && before(entry, best[i - 1] as Entry<T>)) i -= 1;
    best.splice(i, 0, entry);
    if (best.length > limit) best.pop();
  }
  return best;
}
