/** What the engine knows of one session while a live pane holds it. */
export interface SessionState {
  readonly id: string;
  /** idKey(id), kept for eviction. */
  readonly key: number;
  /** The latest pane the session touched: once the windows over it have closed, nothing needs the session. */
  lastPane: number;
  // The last pane whose `viewed` (`buying`) list got the session, so that more events there add no entry.
  lastViewPane: number;
  lastBuyPane: number;
  /** The count that last saw a page_view of the session, and a completed purchase of it. */
  viewMark: number;
  buyMark: number;
}

/** Sessions a pane saw: with a page_view, and with a completed purchase. */
export interface PaneSessions {
  readonly viewed: SessionState[];
  readonly buying: SessionState[];
}

/**
 * One state per live session id, shared by the panes that saw it. Counting distinct sessions of a window then
 * marks states instead of building a set of ids: a window closes over tens of thousands of sessions, and
 * hashing them all again made closing cost more than the events themselves.
 */
export class SessionIndex {
  // Keyed by a number made from the id's last characters: a Map keyed by the id itself hashes every event's fresh
  // id string, which measured at more than a third of the engine's time. Ids whose number a held session already
  // has wait in `collided`, keyed by the id.
  private readonly byKey = new Map<number, SessionState>();
  private readonly collided = new Map<string, SessionState>();
  private lastMark = 0;

  /** How many sessions are held. */
  get size(): number {
    return this.byKey.size + this.collided.size;
  }

  /** Records a page_view of a session in a pane. */
  view(id: string, pane: PaneSessions, paneIndex: number): void {
    const s = this.touch(id, paneIndex);
    if (s.lastViewPane === paneIndex) return;
    s.lastViewPane = paneIndex;
    // Out-of-order events may list a session twice in a pane; counting marks each once anyway.
    pane.viewed.push(s);
  }

  /** Records a completed purchase of a session in a pane. */
  buy(id: string, pane: PaneSessions, paneIndex: number): void {
    const s = this.touch(id, paneIndex);
    if (s.lastBuyPane === paneIndex) return;
    s.lastBuyPane = paneIndex;
    pane.buying.push(s);
  }

  /** Distinct sessions with a page_view in the panes, and how many of those have a completed purchase there too. */
  count(panes: readonly PaneSessions[]): { sessions: number; converted: number } {
    const mark = ++this.lastMark;
    let sessions = 0;
    let converted = 0;
    for (const p of panes) {
      for (const s of p.viewed) {
        if (s.viewMark === mark) continue;
        s.viewMark = mark;
        sessions += 1;
      }
    }
    for (const p of panes) {
      for (const s of p.buying) {
        if (s.viewMark !== mark || s.buyMark === mark) continue;
        s.buyMark = mark;
        converted += 1;
      }
    }
    return { sessions, converted };
  }

  /** Forgets the sessions of a closed pane that touched no pane after lastClosedPane. */
  evict(pane: PaneSessions, lastClosedPane: number): void {
    for (const s of pane.viewed) if (s.lastPane <= lastClosedPane) this.forget(s);
    for (const s of pane.buying) if (s.lastPane <= lastClosedPane) this.forget(s);
  }

  private touch(id: string, paneIndex: number): SessionState {
    const key = idKey(id);
    const held = this.byKey.get(key);
    const s = held !== undefined && held.id === id ? held : this.collided.size > 0 ? this.collided.get(id) : undefined;
    if (s === undefined) {
      const created = { id, key, lastPane: paneIndex, lastViewPane: NaN, lastBuyPane: NaN, viewMark: 0, buyMark: 0 };
      if (held === undefined) this.byKey.set(key, created);
      else this.collided.set(id, created);
      return created;
    }
    if (paneIndex > s.lastPane) s.lastPane = paneIndex;
    return s;
  }

  private forget(s: SessionState): void {
    if (this.byKey.get(s.key) === s) this.byKey.delete(s.key);
    else this.collided.delete(s.id);
  }
}

/** Characters of an id that make its key: the last ones, where generated ids differ. */
const KEY_CHARACTERS = 8;

/** A small integer from the id's length and last characters: equal ids have equal keys. */
function idKey(id: string): number {
  let x = id.length;
  for (let i = Math.max(0, id.length - KEY_CHARACTERS); i < id.length; i++) x = Math.imul(x ^ id.charCodeAt(i), 0x01000193);
  return (x ^ (x >>> 15)) & 0x3fffffff;
}
