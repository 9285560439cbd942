import type { Transaction } from '../events/schema';
import type { PaneSessions, SessionIndex } from './sessions';
import type { WindowInput } from './types';

/** Completed sales of one group (category, product, country, city or payment method); money in whole cents. */
export interface Tally {
  revenueCents: number;
  units: number;
  transactions: number;
}

/** A product's tally, with the name it sold under. */
export interface ProductTally extends Tally {
  readonly name: string;
}

/**
 * The aggregates of one pane, a slide-long interval of event time. Each input lands in exactly one pane and a
 * window combines its panes when it closes, so an event costs one update rather than one per window. Money is
 * summed in integer cents: exact, so the order panes combine in never changes a result.
 */
export interface Pane extends PaneSessions {
  revenueCents: number;
  transactions: number;
  alerts: number;
  lateEvents: number;
  readonly categories: Map<string, Tally>;
  readonly products: Map<string, ProductTally>;
  readonly countries: Map<string, Tally>;
  readonly cities: Map<string, Tally>;
  readonly paymentMethods: Map<string, Tally>;
  /**
   * The transaction ids of the completed purchases counted in the pane: a redelivery carries its original's event
   * time, so it lands in the same pane and is recognised there; the ids go when the pane does.
   */
  readonly purchaseIds: Set<string>;
}

/** A pane with nothing in it. */
export function emptyPane(): Pane {
  return {
    revenueCents: 0,
    transactions: 0,
    alerts: 0,
    lateEvents: 0,
    viewed: [],
    buying: [],
    categories: new Map(),
    products: new Map(),
    countries: new Map(),
    cities: new Map(),
    paymentMethods: new Map(),
    purchaseIds: new Set(),
  };
}

/**
 * Adds an input that arrived in time to its pane, pane number paneIndex. Returns false, adding nothing, for a
 * completed purchase whose transaction id the pane already counted (an upstream retry or a replay).
 */
export function addToPane(pane: Pane, paneIndex: number, input: WindowInput, sessions: SessionIndex): boolean {
  switch (input.kind) {
    case 'purchase':
      return addPurchase(pane, paneIndex, input.event, sessions);
    case 'activity':
      // add_to_cart feeds no KPI: sessions are counted by their page views.
      if (input.event.event_type === 'page_view') sessions.view(input.event.session_id, pane, paneIndex);
      break;
    case 'alert':
      pane.alerts += 1;
      break;
  }
  return true;
}

function addPurchase(pane: Pane, paneIndex: number, t: Transaction, sessions: SessionIndex): boolean {
  if (t.status !== 'completed') return true;
  if (pane.purchaseIds.has(t.transaction_id)) return false;
  pane.purchaseIds.add(t.transaction_id);
  const cents = Math.round(t.amount * 100);
  const units = t.quantity;
  pane.revenueCents += cents;
  pane.transactions += 1;
  // A purchase without a session cannot convert one.
  if (t.session_id !== '') sessions.buy(t.session_id, pane, paneIndex);
  tally(pane.categories, t.category, cents, units);
  tally(pane.paymentMethods, t.payment_method, cents, units);
  if (t.location) {
    tally(pane.countries, t.location.country, cents, units);
    tally(pane.cities, t.location.city, cents, units);
  }
  const product = pane.products.get(t.product_id);
  if (product === undefined) pane.products.set(t.product_id, { name: t.product_name, revenueCents: cents, units, transactions: 1 });
  else addTo(product, cents, units, 1);
  return true;
}

function tally(groups: Map<string, Tally>, key: string, cents: number, units: number): void {
  const t = groups.get(key);
  if (t === undefined) groups.set(key, { revenueCents: cents, units, transactions: 1 });
  else addTo(t, cents, units, 1);
}

/** Adds sales to a tally. */
export function addTo(t: Tally, cents: number, units: number, transactions: number): void {
  t.revenueCents += cents;
  t.units += units;
  t.transactions += transactions;
}
