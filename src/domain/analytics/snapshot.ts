import type { WindowEngineOptions } from './options';
import { emptyPane, type Pane, type ProductTally, type Tally } from './pane';
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
  const pane: Pane = {
    ...emptyPane(),
    revenueCents: s.revenueCents,
    transactions: s.transactions,
    alerts: s.alerts,
    lateEvents: s.lateEvents,
    categories: new Map(copyEntries(s.categories)),
    products: new Map(copyEntries(s.products)),
    countries: new Map(copyEntries(s.countries)),
    cities: new Map(copyEntries(s.cities)),
    paymentMethods: new Map(copyEntries(s.paymentMethods)),
  };
  for (const id of s.viewedSessions) sessions.view(id, pane, s.index);
  for (const id of s.buyingSessions) sessions.buy(id, pane, s.index);
  return pane;
}
