import type { Activity, Device, Label, Location, Status, Transaction } from '../events/schema';
import { integerText } from '../integer-text';
import type { Rng } from '../random';
import { productNear, type Catalogue, type Product } from './catalogue';
import type { City } from './geography';
import type { User } from './population';

/** One generated event, its event time, and where it goes: purchases to sales_stream, the rest to user_activity. */
export type GeneratedEvent = { readonly timeMs: number } & (
  { readonly kind: 'purchase'; readonly event: Transaction } | { readonly kind: 'activity'; readonly event: Activity }
);

/**
 * A session or incident as it unfolds. `advance` moves it to its next event and gives that event's time, undefined
 * once it is over; `current` gives the event it is at. All random draws happen in `advance`, so an event may be
 * built when it leaves the queue: the many sessions waiting in the queue then hold no events.
 */
export interface Script {
  advance(): number | undefined;
  current(): GeneratedEvent;
}

/** A script's events as a generator function yields them: how the rare incidents and look-alikes are written. */
export type Steps = Generator<GeneratedEvent, void, void>;

/** The script of a generator function's steps. */
export function scriptOf(steps: Steps): Script {
  let event: GeneratedEvent | undefined;
  return {
    advance: () => {
      const step = steps.next();
      event = step.done ? undefined : step.value;
      return event?.timeMs;
    },
    current: () => event as GeneratedEvent,
  };
}

/** A script that never starts (nobody was free to play it). */
export const NO_SCRIPT: Script = scriptOf((function* (): Steps {})());

/** What a shopper of the generator is doing now: changed as the stream goes on, so rules see consistent behaviour. */
export interface ShopperState {
  readonly user: User;
  /** Where the user is in the world's users. */
  readonly index: number;
  purchases: number;
  lastPurchaseMs: number;
  city: City;
  devices: Device[];
  /** Device types and operating systems this user's purchases have shown so far, fraud included. */
  readonly seenDeviceTraits: Set<string>;
  /** Amounts of the user's latest purchases, fraud included: what a detector knows of their habit. */
  readonly recentAmounts: number[];
  /** The median of recentAmounts, once asked for; cleared when they change (it is asked for on every page view). */
  recentMedianUsd: number | undefined;
  /** Ids of the devices this user's purchases have used. */
  readonly devicesUsed: Set<string>;
  /** The devices before this index have all been used (a device once used stays used, and devices are only added). */
  devicesSurelyUsed: number;
  /** Whether fraud was ever committed through this account (its history is then no clean baseline). */
  compromised: boolean;
}

/** How many recent amounts a user's state keeps. */
const RECENT_AMOUNTS = 16;

const HABIT_TAIL = 2.5;
const HABIT_CEILING = 3;

/** Room to sort recent amounts in without making an array. */
const sortScratch = new Float64Array(RECENT_AMOUNTS);

/** The median of a user's recent purchase amounts (the upper one of an even count; 0 with none). */
export function recentMedian(u: ShopperState): number {
  if (u.recentMedianUsd === undefined) {
    const n = u.recentAmounts.length;
    if (n === 0) return 0;
    sortScratch.set(u.recentAmounts);
    // A typed array sorts numerically, as the comparator (a, b) => a - b does, for amounts that are never NaN.
    u.recentMedianUsd = sortScratch.subarray(0, n).sort()[n >> 1] as number;
  }
  return u.recentMedianUsd;
}

/** A user as sessions see them: who they are, what they like, how they spend. */
export interface Shopper {
  readonly userId: string;
  readonly favouriteCategories: readonly string[];
  /** Median of the user's purchase amounts (USD). */
  readonly typicalSpendUsd: number;
  /** Spread of the user's amounts, as the standard deviation of their logarithm. */
  readonly spendSpread: number;
  /** No habitual amount goes above this: a few times what the user recently spent (Infinity before three purchases). */
  readonly ceilingUsd: number;
}

const LEGIT: Label = { is_fraud: false, pattern: null, incident_id: null };

const STATUS_WEIGHTS: Record<'default' | 'suspicious', readonly (readonly [Status, number])[]> = {
  default: [
    ['completed', 88],
    ['pending', 5],
    ['failed', 4],
    ['refunded', 3],
  ],
  suspicious: [
    ['completed', 78],
    ['pending', 6],
    ['failed', 12],
    ['refunded', 4],
  ],
};

/** The generator's world: catalogue, users and their state, and how events are made. */
export class World {
  // The groups users are picked from hold indexes into users.
  /** Users with at least five purchases: the ones whose history device and behaviour rules can judge. */
  readonly seasoned: number[] = [];
  readonly suspicious: readonly number[];
  readonly highValue: readonly number[];
  readonly everyone: readonly number[];
  /**
   * Per user, the time before which no new session of theirs starts (sessions of one person never overlap). Kept
   * apart from the users so that a draw of a busy user, two in three draws, does not fetch the user from memory.
   */
  private readonly busyUntilMs: Float64Array;
  /** The catalogue's categories as categoryFor draws them: names, weights and the weights' total. */
  private readonly categoryNames: readonly string[];
  private readonly categoryWeights: readonly number[];
  private readonly categoryWeightTotal: number;

  constructor(
    readonly rng: Rng,
    readonly catalogue: Catalogue,
    readonly users: readonly ShopperState[],
    /** Purchases before this time are never seen downstream (warm-up), so they make no history. */
    private readonly historyFromMs: number,
  ) {
    const indexesOf = (segment: User['segment']): number[] => users.filter((u) => u.user.segment === segment).map((u) => u.index);
    this.suspicious = indexesOf('suspicious');
    this.highValue = indexesOf('high_value');
    this.everyone = users.map((u) => u.index);
    this.busyUntilMs = new Float64Array(users.length).fill(-Infinity);
    this.categoryNames = catalogue.categories.map(([c]) => c.name);
    this.categoryWeights = catalogue.categories.map(([, w]) => w);
    this.categoryWeightTotal = this.categoryWeights.reduce((total, w) => total + w, 0);
  }

  /**
   * A user free at `t` (not in a session, past their cool-down), marked busy until their session ends;
   * undefined when a few draws find nobody free, and the session is then not held.
   */
  pickUser(t: number, from: readonly number[] = this.everyone, accept?: (u: ShopperState) => boolean): ShopperState | undefined {
    const busyUntilMs = this.busyUntilMs;
    for (let i = 0; i < 8 && from.length > 0; i++) {
      const index = this.rng.pick(from);
      if ((busyUntilMs[index] as number) > t) continue;
      const u = this.users[index] as ShopperState;
      if (accept === undefined || accept(u)) {
        busyUntilMs[index] = Infinity;
        return u;
      }
    }
    return undefined;
  }

  /** Ends the user's session: no new one starts before `untilMs`. */
  release(u: ShopperState, untilMs: number): void {
    this.busyUntilMs[u.index] = untilMs;
  }

  /** A point in the user's current city, jittered by up to ~2 km. */
  locate(city: City): Location {
    return {
      country: city.country,
      city: city.city,
      lat: Math.round((city.lat + this.rng.between(-0.015, 0.015)) * 1e4) / 1e4,
      lon: Math.round((city.lon + this.rng.between(-0.015, 0.015)) * 1e4) / 1e4,
    };
  }

  /**
   * One of the user's own devices, the first (primary) most of the time. A device not yet used for a purchase
   * is used first, so a person's laptop is known long before anyone could call it new.
   */
  usualDevice(u: ShopperState): Device {
    const { devices } = u;
    while (u.devicesSurelyUsed < devices.length && u.devicesUsed.has((devices[u.devicesSurelyUsed] as Device).device_id))
      u.devicesSurelyUsed += 1;
    if (u.devicesSurelyUsed < devices.length) return devices[u.devicesSurelyUsed] as Device;
    return u.devices.length > 1 && this.rng.chance(0.25) ? this.rng.pick(u.devices) : (u.devices[0] as Device);
  }

  /** A product of a category priced at or just under the target. */
  productFor(category: string, targetUsd: number): Product {
    return productNear(this.catalogue.byCategory.get(category) as readonly Product[], targetUsd);
  }

  /**
   * What sessions read of a user over and over, taken once. The user is busy with one session at a time and their
   * habit changes only with a purchase, so a session takes it when it starts (and again after a purchase of its own,
   * as impossible travel does); between its steps the user, one of many thousands, is not fetched from memory again.
   */
  shopperOf(u: ShopperState): Shopper {
    return {
      userId: u.user.userId,
      favouriteCategories: u.user.favouriteCategories,
      typicalSpendUsd: u.user.typicalSpendUsd,
      spendSpread: u.user.spendSpread,
      ceilingUsd: u.recentAmounts.length >= 3 ? HABIT_CEILING * recentMedian(u) : Infinity,
    };
  }

  /** A category the shopper likes most of the time, any other sometimes. */
  categoryFor(s: Shopper): string {
    if (this.rng.chance(0.75)) return this.rng.pick(s.favouriteCategories);
    // Rng.weighted's draw step for step (one number, the same subtractions in the same order), without its tuples:
    // this runs for most page views.
    const weights = this.categoryWeights;
    let r = this.rng.next() * this.categoryWeightTotal;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return this.categoryNames[i] as string;
    }
    return this.categoryNames[weights.length - 1] as string;
  }

  /**
   * A purchase amount target drawn from the user's own spending habit. A habit has bounds: the tails are cut, and
   * never more than a few times what the user has recently spent, which is what a behaviour rule learns.
   */
  habitualAmount(s: Shopper): number {
    const z = Math.max(-HABIT_TAIL, Math.min(HABIT_TAIL, this.rng.normal()));
    return Math.min(s.typicalSpendUsd * Math.exp(s.spendSpread * z), s.ceilingUsd);
  }

  private remember(u: ShopperState, t: number, amount: number, device: Device, fraud: boolean): void {
    u.purchases += 1;
    u.devicesUsed.add(device.device_id);
    u.compromised ||= fraud;
    u.lastPurchaseMs = t;
    u.seenDeviceTraits.add(device.type).add(device.os);
    u.recentAmounts.push(amount);
    if (u.recentAmounts.length > RECENT_AMOUNTS) u.recentAmounts.shift();
    u.recentMedianUsd = undefined;
    if (u.purchases === 5) this.seasoned.push(u.index);
  }

  activity(
    type: Activity['event_type'],
    userId: string,
    t: number,
    sessionId: string,
    product: Product,
    location: Location,
    device: Device,
  ): GeneratedEvent {
    return {
      timeMs: t,
      kind: 'activity',
      event: {
        event_type: type,
        // Unique without a UUID of its own: a session's events are at least a second apart.
        event_id: `${sessionId}@${integerText(Math.round(t))}`,
        session_id: sessionId,
        user_id: userId,
        timestamp: '', // set when the event leaves the queue, in time order
        product_id: product.productId,
        category: product.category,
        location,
        device,
      },
    };
  }

  purchase(
    u: ShopperState,
    t: number,
    sessionId: string,
    product: Product,
    quantity: number,
    where: { location: Location; device: Device },
    label: Label = LEGIT,
    status?: Status,
  ): GeneratedEvent {
    const statusWeights = u.user.segment === 'suspicious' ? STATUS_WEIGHTS.suspicious : STATUS_WEIGHTS.default;
    const amount = Math.round(product.priceUsd * quantity * 100) / 100;
    if (t >= this.historyFromMs) this.remember(u, t, amount, where.device, label.is_fraud);
    return {
      timeMs: t,
      kind: 'purchase',
      event: {
        event_type: 'purchase',
        transaction_id: this.rng.uuid(),
        user_id: u.user.userId,
        timestamp: '', // set when the event leaves the queue, in time order
        amount,
        currency: 'USD',
        product_id: product.productId,
        product_name: product.name,
        category: product.category,
        quantity,
        payment_method: u.user.paymentMethod,
        status: status ?? this.rng.weighted(statusWeights),
        email: u.user.email,
        card_last4: u.user.cardLast4,
        session_id: sessionId,
        location: where.location,
        device: where.device,
        user_segment: u.user.segment,
        label,
      },
    };
  }
}
