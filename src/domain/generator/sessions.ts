import type { Device, Location } from '../events/schema';
import type { Product } from './catalogue';
import { haversineKm } from '../geo';
import { CITIES } from './geography';
import { newDevice } from './population';
import {
  NO_SCRIPT,
  recentMedian,
  scriptOf,
  type GeneratedEvent,
  type Script,
  type Shopper,
  type Steps,
  type ShopperState,
  type World,
} from './world';

/** After a purchase, a user shops again no sooner than this: legitimate traffic never looks like a burst or velocity. */
export const PURCHASE_COOLDOWN_MS = 70_000;
/** Rest after a session without a purchase. */
const BROWSE_COOLDOWN_MS = 5_000;
/** Cruising speed assumed for real trips, comfortably below the impossible-travel limit of 900 km/h. */
const TRIP_SPEED_KMH = 400;

const QUANTITIES: readonly (readonly [number, number])[] = [
  [1, 85],
  [2, 10],
  [3, 5],
];

/** The event a legitimate session is at. */
const enum At {
  Start,
  PageView,
  AddToCart,
  Purchase,
  End,
}

/**
 * A shopping session: page views, perhaps an add-to-cart, perhaps a purchase of an amount in the user's habit.
 * Written as a state machine rather than a generator function because most events come from here; each step
 * draws its random numbers in the same order a generator's would, so the stream stays the same.
 */
class LegitSession implements Script {
  private at = At.Start;
  private u!: ShopperState;
  private shopper!: Shopper;
  private device!: Device;
  private t: number;
  private sessionId = '';
  private location!: Location;
  private quantity = 0;
  private intended!: Product;
  private viewed!: Product;
  private views = 0;
  private view = 0;
  private carted = false;
  private purchase: GeneratedEvent | undefined;

  constructor(
    private readonly w: World,
    t0: number,
    private readonly picked?: ShopperState,
    private readonly chosenDevice?: Device,
  ) {
    this.t = t0;
  }

  advance(): number | undefined {
    const { rng } = this.w;
    switch (this.at) {
      case At.Start:
        return this.start();
      case At.PageView:
        this.t += rng.between(2_000, 15_000);
        if (this.viewed === this.intended && !this.carted && rng.chance(0.4)) {
          this.at = At.AddToCart;
          return this.t;
        }
        return this.afterView();
      case At.AddToCart:
        this.carted = true;
        this.t += rng.between(1_000, 8_000);
        return this.afterView();
      case At.Purchase:
        this.w.release(this.u, this.t + PURCHASE_COOLDOWN_MS);
        this.at = At.End;
        return undefined;
      case At.End:
        return undefined;
    }
  }

  current(): GeneratedEvent {
    if (this.at === At.Purchase) return this.purchase as GeneratedEvent;
    const type = this.at === At.AddToCart ? 'add_to_cart' : 'page_view';
    return this.w.activity(type, this.shopper.userId, this.t, this.sessionId, this.viewed, this.location, this.device);
  }

  private start(): number | undefined {
    const { w } = this;
    const u = this.picked ?? w.pickUser(this.t);
    if (u === undefined) {
      this.at = At.End;
      return undefined;
    }
    const { rng } = w;
    this.u = u;
    this.device = this.chosenDevice ?? w.usualDevice(u);
    this.sessionId = `s-${rng.uuid()}`;
    this.location = w.locate(u.city);
    this.quantity = rng.weighted(QUANTITIES);
    const shopper = w.shopperOf(u);
    this.shopper = shopper;
    this.intended = w.productFor(w.categoryFor(shopper), w.habitualAmount(shopper) / this.quantity);
    this.views = 1 + Math.min(7, Math.floor(rng.exponential(1.8)));
    return this.pageView();
  }

  private pageView(): number {
    const { w, shopper } = this;
    this.viewed =
      this.view === this.views - 1 || w.rng.chance(0.3) ? this.intended : w.productFor(w.categoryFor(shopper), w.habitualAmount(shopper));
    this.at = At.PageView;
    return this.t;
  }

  private afterView(): number | undefined {
    const { w, u } = this;
    this.view += 1;
    if (this.view < this.views) return this.pageView();
    if (this.carted && w.rng.chance(0.5)) {
      this.at = At.Purchase;
      this.purchase = w.purchase(u, this.t, this.sessionId, this.intended, this.quantity, { location: this.location, device: this.device });
      return this.t;
    }
    w.release(u, this.t + BROWSE_COOLDOWN_MS);
    this.at = At.End;
    return undefined;
  }
}

/** A shopping session of a free user, or of the one given (on the device given). */
export function legitSession(w: World, t0: number, picked?: ShopperState, chosenDevice?: Device): Script {
  return new LegitSession(w, t0, picked, chosenDevice);
}

/** Looks like high_amount but is not: a high-value user's large purchase, a few times their usual, under the limit. */
export function largeNormalPurchase(w: World, t0: number): Script {
  return scriptOf(largeNormalPurchaseSteps(w, t0));
}

function* largeNormalPurchaseSteps(w: World, t0: number): Steps {
  const u = w.pickUser(t0, w.highValue);
  if (u === undefined) return;
  const { rng } = w;
  const sessionId = `s-${rng.uuid()}`;
  const where = { location: w.locate(u.city), device: w.usualDevice(u) };
  const category = rng.pick(['electronics', 'jewelry', 'home']);
  const usual = u.recentAmounts.length >= 3 ? recentMedian(u) : u.user.typicalSpendUsd;
  const product = w.productFor(category, Math.min(1950, usual * rng.between(2.5, 4)));
  let t = t0;
  yield w.activity('page_view', u.user.userId, t, sessionId, product, where.location, where.device);
  t += rng.between(5_000, 30_000);
  yield w.activity('add_to_cart', u.user.userId, t, sessionId, product, where.location, where.device);
  t += rng.between(5_000, 20_000);
  yield w.purchase(u, t, sessionId, product, 1, where, undefined, 'completed');
  w.release(u, t + PURCHASE_COOLDOWN_MS);
}

/** Looks like impossible travel but is not: a trip to another city no faster than a real journey allows. */
export function realTrip(w: World, t0: number): Script {
  const u = w.pickUser(t0);
  if (u === undefined) return NO_SCRIPT;
  const maxKm = u.purchases === 0 ? Infinity : ((t0 - u.lastPurchaseMs) / 3_600_000) * TRIP_SPEED_KMH;
  const reachable = CITIES.filter((c) => {
    const d = haversineKm(c, u.city);
    return d >= 100 && d <= maxKm;
  });
  if (reachable.length > 0) u.city = w.rng.pick(reachable);
  return legitSession(w, t0, u);
}

/** Looks like a device takeover but is not: a new device of a type and OS the user already uses. */
export function newPhone(w: World, t0: number): Script {
  const u = w.pickUser(t0);
  if (u === undefined) return NO_SCRIPT;
  const replacement = newDevice(w.rng, w.rng.pick(u.devices));
  u.devices.push(replacement);
  return legitSession(w, t0, u, replacement);
}
