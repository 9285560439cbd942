import type { Device } from '../events/schema';
import { AMOUNT_HISTORY, type UserHistory } from './rules/user-history';
import { CODE_SIZE, shortStringCode } from './short-string-code';

/** How many purchases with a location a user's state keeps for the travel rule. */
const GEO_HISTORY = 8;
/** How many devices a user's state remembers. */
const DEVICE_HISTORY = 32;
/** Purchases of the window a user's record holds; a burst beyond that moves the window into an array of its own. */
const WINDOW_IN_RECORD = 4;
/** Known devices whose ids a user's record holds as codes: most people use one or two. */
const CODED_DEVICES = 2;
/**
 * Transaction ids (32-bit hashes) a user's record remembers, so that a redelivered purchase counts once: an upstream
 * retry arrives within the user's next few purchases, a burst included; a replay of older input is the consumer
 * offsets' concern. Four fit the record's two spare numbers. A longer record (80 numbers) put 100,000 users over the
 * 64 MB of memory outside the heap after which V8 starts a full collection, which cost the engine benchmark a
 * quarter of its speed.
 */
export const RECENT_IDS = 4;

// A user's record of numbers, laid out so that one purchase touches few 64-byte cache lines: the window's
// purchases as (time, amount) pairs, the codes of the oldest known device ids and a ring of the hashes of the latest
// transaction ids (two lines), the located purchases as (time, lat, lon) triples (three lines), then a ring of
// ln(amount), read only by the behaviour rule's slow path.
const DEVICE_CODES = 2 * WINDOW_IN_RECORD;
/** Where the id hashes start, counted in 32-bit words: two to a number. */
const ID_WORDS = 2 * (DEVICE_CODES + CODED_DEVICES * CODE_SIZE);
const GEO = 16;
const LOG_AMOUNTS = GEO + 3 * GEO_HISTORY;
/** Numbers in one user's record. */
export const RECORD_STRIDE = LOG_AMOUNTS + AMOUNT_HISTORY;
if (ID_WORDS + RECENT_IDS > 2 * GEO) throw new Error("a user record's id ring overlaps its places");

/** The code of the device id being looked up. */
const wanted = new Float64Array(CODE_SIZE);

/** Every user starts with no device list; the first value written replaces this with a list of its own. */
const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/** The list with values appended: a list of its own when the list was empty (and possibly the shared EMPTY). */
function appended(list: string[], ...values: string[]): string[] {
  if (list.length === 0) return values;
  list.push(...values);
  return list;
}

/**
 * What the engine remembers of one user; every list is bounded and the whole entry is evicted by event time.
 * The numbers live in a record of a RecordPool, so a user costs the collector one object and one list of devices.
 */
export class UserState implements UserHistory {
  /** Highest event time seen, which the window and the eviction are measured from. */
  maxTimeMs = -Infinity;
  /** Purchases learnt into the profile: those no rule flagged. */
  trusted = 0;
  /** Purchases within the longest window, in event-time order. */
  private windowLength = 0;
  /** The latest purchases that had a usable location, in event-time order. */
  private geoLength = 0;
  /** ln(amount) of the latest trusted purchases, in no particular order (only their distribution matters). */
  private logLength = 0;
  private logNext = 0;
  private minLog = Infinity;
  /** Where the window's pairs are: the record, or an array of its own once a burst outgrew it. */
  private window: Float64Array;
  private windowAt: number;
  private windowCapacity = WINDOW_IN_RECORD;
  /** Known devices as (device_id, type, os) triples, oldest first. */
  private devices: string[] = EMPTY;
  private knownDevices = 0;
  /** Types and operating systems of devices that were forgotten: still ones the user is known to use. */
  private retiredTypes: string[] = EMPTY;
  private retiredOses: string[] = EMPTY;
  /** Hashes of the latest transaction ids, a ring. */
  private idsLength = 0;
  private idsNext = 0;
  /** Highest severity rank alerted per dedup key (rule set and time bucket); made on the first alert. */
  alerted: Map<string, number> | undefined = undefined;

  constructor(
    /** The pool's id of the record, given back when the user is evicted. */
    readonly recordId: number,
    private readonly memory: Float64Array,
    /** The same memory as 32-bit words. */
    private readonly words: Uint32Array,
    private readonly offset: number,
  ) {
    this.window = memory;
    this.windowAt = offset;
  }

  /** Whether one of the user's latest RECENT_IDS purchases had a transaction id of this hash. */
  sawId(hash: number): boolean {
    const w = this.words;
    const at = 2 * this.offset + ID_WORDS;
    for (let i = at + this.idsLength - 1; i >= at; i--) if (w[i] === hash) return true;
    return false;
  }

  /** Remembers a purchase's transaction id hash, forgetting the oldest once RECENT_IDS are held. */
  rememberId(hash: number): void {
    this.words[2 * this.offset + ID_WORDS + this.idsNext] = hash;
    this.idsNext = (this.idsNext + 1) % RECENT_IDS;
    if (this.idsLength < RECENT_IDS) this.idsLength += 1;
  }

  /** Index of the latest located purchase at or before t (event time), or -1. */
  latestPlaceAtOrBefore(t: number): number {
    const m = this.memory;
    const at = this.offset + GEO;
    let p = this.geoLength - 1;
    while (p >= 0 && (m[at + 3 * p] as number) > t) p--;
    return p;
  }

  placeTimeMs(p: number): number {
    return this.memory[this.offset + GEO + 3 * p] as number;
  }

  placeLat(p: number): number {
    return this.memory[this.offset + GEO + 3 * p + 1] as number;
  }

  placeLon(p: number): number {
    return this.memory[this.offset + GEO + 3 * p + 2] as number;
  }

  /** Purchases in [t - windowMs, t], this one included (the state already holds it). */
  countInWindow(t: number, windowMs: number): number {
    const w = this.window;
    const at = this.windowAt;
    let count = 0;
    for (let i = at + 2 * (this.windowLength - 1); i >= at; i -= 2) {
      const ti = w[i] as number;
      if (ti > t) continue;
      if (ti < t - windowMs) break;
      count += 1;
    }
    return count;
  }

  /** Sum of the amounts in [t - windowMs, t], added newest first. */
  sumInWindow(t: number, windowMs: number): number {
    const w = this.window;
    const at = this.windowAt;
    let sum = 0;
    for (let i = at + 2 * (this.windowLength - 1); i >= at; i -= 2) {
      const ti = w[i] as number;
      if (ti > t) continue;
      if (ti < t - windowMs) break;
      sum += w[i + 1] as number;
    }
    return sum;
  }

  /** How many ln(amount) the behaviour history holds. */
  get amountHistory(): number {
    return this.logLength;
  }

  /** The smallest ln(amount) of the history (Infinity when empty). */
  minLogAmount(): number {
    return this.minLog;
  }

  /** Copies the history's ln(amount) into `into` from index 0. */
  copyLogAmounts(into: Float64Array): void {
    const from = this.offset + LOG_AMOUNTS;
    into.set(this.memory.subarray(from, from + this.logLength));
  }

  /** Devices the user is known to use. */
  get deviceCount(): number {
    return this.knownDevices;
  }

  knowsDevice(deviceId: string): boolean {
    const n = this.knownDevices;
    if (n === 0) return false;
    if (!shortStringCode(deviceId, wanted)) return this.findDevice(deviceId, 0);
    const m = this.memory;
    const coded = Math.min(n, CODED_DEVICES);
    for (let k = 0, c = this.offset + DEVICE_CODES; k < coded; k++, c += CODE_SIZE) {
      if (m[c] === wanted[0] && m[c + 1] === wanted[1] && m[c + 2] === wanted[2]) return true;
    }
    // An id without a code (too long) cannot equal one that has a code.
    return n > CODED_DEVICES && this.findDevice(deviceId, CODED_DEVICES);
  }

  /** Whether a known device has this `type|os` (compared as that text, as a device's shape always was). */
  knowsShape(type: string, os: string): boolean {
    const shape = `${type}|${os}`;
    const d = this.devices;
    for (let i = 0; i < d.length; i += 3) if (`${d[i + 1]}|${d[i + 2]}` === shape) return true;
    return false;
  }

  knowsType(type: string): boolean {
    const d = this.devices;
    for (let i = 1; i < d.length; i += 3) if (d[i] === type) return true;
    return this.retiredTypes.includes(type);
  }

  knowsOs(os: string): boolean {
    const d = this.devices;
    for (let i = 2; i < d.length; i += 3) if (d[i] === os) return true;
    return this.retiredOses.includes(os);
  }

  /** Records a purchase in the window; `horizonMs` is how far back the window must reach. */
  rememberInWindow(t: number, amount: number, horizonMs: number): void {
    if (this.windowLength === this.windowCapacity) this.growWindow();
    const w = this.window;
    const at = this.windowAt;
    let end = at + 2 * this.windowLength;
    // After equal times, so that the order of arrival breaks ties.
    let i = end;
    while (i > at && (w[i - 2] as number) > t) i -= 2;
    for (let j = end; j > i; j -= 2) {
      w[j] = w[j - 2] as number;
      w[j + 1] = w[j - 1] as number;
    }
    w[i] = t;
    w[i + 1] = amount;
    end += 2;
    if (t > this.maxTimeMs) this.maxTimeMs = t;
    // Out-of-order arrivals keep a little more than the window behind the newest event.
    const oldest = this.maxTimeMs - horizonMs;
    let keep = at;
    while (keep < end && (w[keep] as number) < oldest) keep += 2;
    if (keep > at) {
      for (let j = keep; j < end; j++) w[at + j - keep] = w[j] as number;
      end -= keep - at;
    }
    this.windowLength = (end - at) / 2;
  }

  /** Records where a purchase was, keeping the latest GEO_HISTORY by event time. */
  rememberPlace(t: number, lat: number, lon: number): void {
    const m = this.memory;
    const at = this.offset + GEO;
    const n = this.geoLength;
    let i = at + 3 * n;
    while (i > at && (m[i - 3] as number) > t) i -= 3;
    if (n < GEO_HISTORY) {
      for (let j = at + 3 * n - 1; j >= i; j--) m[j + 3] = m[j] as number;
      this.geoLength = n + 1;
    } else {
      // Full: the oldest goes, and a purchase older than all the rest would be the oldest itself.
      if (i === at) return;
      for (let j = at + 3; j < i; j++) m[j - 3] = m[j] as number;
      i -= 3;
    }
    m[i] = t;
    m[i + 1] = lat;
    m[i + 2] = lon;
  }

  /** Learns a device as one of the user's own. */
  rememberDevice(device: Device): void {
    if (this.knowsDevice(device.device_id)) return;
    this.devices = appended(this.devices, device.device_id, device.type, device.os);
    if (this.knownDevices < DEVICE_HISTORY) {
      this.knownDevices += 1;
      if (this.knownDevices <= CODED_DEVICES) this.writeDeviceCode(this.knownDevices - 1);
      return;
    }
    const [, type, os] = this.devices.splice(0, 3) as [string, string, string];
    if (!this.retiredTypes.includes(type)) this.retiredTypes = appended(this.retiredTypes, type);
    if (!this.retiredOses.includes(os)) this.retiredOses = appended(this.retiredOses, os);
    for (let k = 0; k < CODED_DEVICES; k++) this.writeDeviceCode(k);
  }

  /** Learns an amount as part of the user's habit, replacing the oldest once the history is full. */
  rememberAmount(amount: number): void {
    this.trusted += 1;
    const slot = this.offset + LOG_AMOUNTS + this.logNext;
    const replaced = this.logLength === AMOUNT_HISTORY ? (this.memory[slot] as number) : Infinity;
    const log = Math.log(amount);
    this.memory[slot] = log;
    this.logNext = (this.logNext + 1) % AMOUNT_HISTORY;
    if (this.logLength < AMOUNT_HISTORY) this.logLength += 1;
    if (log < this.minLog) this.minLog = log;
    else if (replaced === this.minLog) this.minLog = this.scanMinLog();
  }

  /** Whether a known device from the k-th on has this id, comparing the strings. */
  private findDevice(deviceId: string, k: number): boolean {
    const d = this.devices;
    for (let i = 3 * k; i < d.length; i += 3) if (d[i] === deviceId) return true;
    return false;
  }

  /** Writes the code of the k-th known device's id to the record; NaN, equal to nothing, when it has none. */
  private writeDeviceCode(k: number): void {
    const at = this.offset + DEVICE_CODES + k * CODE_SIZE;
    if (!shortStringCode(this.devices[3 * k] as string, wanted)) wanted.fill(NaN);
    this.memory.set(wanted, at);
  }

  private scanMinLog(): number {
    const m = this.memory;
    const from = this.offset + LOG_AMOUNTS;
    let min = Infinity;
    for (let i = from; i < from + this.logLength; i++) if ((m[i] as number) < min) min = m[i] as number;
    return min;
  }

  /** Moves the window into an array of its own, twice as large: a burst has no upper bound. */
  private growWindow(): void {
    const grown = new Float64Array(4 * this.windowCapacity);
    grown.set(this.window.subarray(this.windowAt, this.windowAt + 2 * this.windowLength));
    this.window = grown;
    this.windowAt = 0;
    this.windowCapacity *= 2;
  }
}
