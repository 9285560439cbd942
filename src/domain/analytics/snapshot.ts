import type { WindowEngineOptions } from './options';
import { addTo, emptyPane, type Pane, type ProductTally, type Tally } from './pane';
import type { SessionIndex, SessionState } from './sessions';
import type { WatermarkSnapshot } from './watermark';

/** Bumped whenever the shape below changes, so an old checkpoint is refused rather than misread. */
export const SNAPSHOT_VERSION = 1;

/** One pane as plain JSON. */
export interface PaneSnapshot {
  readonly index: number;
  readonly revenueCents: number;
  readonly transactions: number;
  readonly alerts: number;
  readonly lateEvents: number;
  readonly viewedSessions: readonly string[];
  readonly buyingSessions: readonly string[];
  readonly categories: readonly (readonly [string, Tally])[];
  readonly products: readonly (readonly [string, ProductTally])[];
  readonly countries: readonly (readonly [string, Tally])[];
  readonly cities: readonly (readonly [string, Tally])[];
  readonly paymentMethods: readonly (readonly [string, Tally])[];
}

/** The whole state of a WindowEngine as plain JSON, for checkpoints. */
export interface EngineSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly options: WindowEngineOptions;
  /** Every window up to this index has been emitted; null before the first. */
  readonly closedThrough: number | null;
  readonly watermark: WatermarkSnapshot;
  readonly panes: readonly PaneSnapshot[];
}

// Entries are copied both ways: a snapshot never shares objects with a live engine.
const copyEntries = <T extends object>(m: Iterable<readonly [string, T]>): [string, T][] => [...m].map(([k, t]) => [k, { ...t }]);

/** A pane as plain JSON. */
export function paneToSnapshot(index: number, p: Pane): PaneSnapshot {
  return {
    index,
    revenueCents: p.revenueCents,
    transactions: p.transactions,
    alerts: p.alerts,
    lateEvents: p.lateEvents,
    viewedSessions: distinctIds(p.viewed),
    buyingSessions: distinctIds(p.buying),
    categories: copyEntries(p.categories),
    products: copyEntries(p.products),
    countries: copyEntries(p.countries),
    cities: copyEntries(p.cities),
    paymentMethods: copyEntries(p.paymentMethods),
  };
}

// Out-of-order events may list a session twice in a pane; once is enough to restore it.
const distinctIds = (sessions: readonly SessionState[]): string[] => [...new Set(sessions.map((s) => s.id))];

/** The pane a snapshot holds, its sessions entered in the index. */
export function paneFromSnapshot(s: PaneSnapshot, sessions: SessionIndex): Pane {
  const pane = emptyPane();
  addSnapshotToPane(pane, s, sessions);
  return pane;
}

/** Adds what a snapshot of the same pane holds (e.g. another partition's part of it) to a pane. */
export function addSnapshotToPane(pane: Pane, s: PaneSnapshot, sessions: SessionIndex): void {
  pane.revenueCents += s.revenueCents;
  pane.transactions += s.transactions;
  pane.alerts += s.alerts;
  pane.lateEvents += s.lateEvents;
  mergeTallies(pane.categories, s.categories);
  mergeTallies(pane.products, s.products);
  mergeTallies(pane.countries, s.countries);
  mergeTallies(pane.cities, s.cities);
  mergeTallies(pane.paymentMethods, s.paymentMethods);
  for (const id of s.viewedSessions) sessions.view(id, pane, s.index);
  for (const id of s.buyingSessions) sessions.buy(id, pane, s.index);
}

// A product keeps the name it first sold under in the pane.
function mergeTallies<T extends Tally>(into: Map<string, T>, from: readonly (readonly [string, T])[]): void {
  for (const [key, t] of from) {
    const existing = into.get(key);
    if (existing === undefined) into.set(key, { ...t });
    else addTo(existing, t.revenueCents, t.units, t.transactions);
  }
}
