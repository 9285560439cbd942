import { Faker, en } from '@faker-js/faker';
import { FRAUD_PATTERNS, type FraudPattern } from '../events/schema';
import { isoTime } from '../iso-time';
import { Rng } from '../random';
import { buildCatalogue } from './catalogue';
import { patternScript } from './fraud-patterns';
import { buildPopulation } from './population';
import { largeNormalPurchase, legitSession, newPhone, realTrip } from './sessions';
import { TimeHeap } from '../time-heap';
import { World, type GeneratedEvent, type Script, type ShopperState } from './world';

/** How a stream is generated; everything but the start time has a default. */
export interface GeneratorOptions {
  readonly seed: number;
  /** Event time of the stream's start (ms since the epoch). */
  readonly startMs: number;
  /** Mean events per second of event time, purchases and activity together. */
  readonly ratePerSecond: number;
  readonly users: number;
  readonly productsPerCategory: number;
  /** Share of sessions replaced by a fraud incident. */
  readonly fraudRate: number;
  /** Relative weight of each injected pattern; a pattern with weight 0 is never injected. */
  readonly fraudMix: Readonly<Record<FraudPattern, number>>;
  /** Share of sessions replaced by a legitimate look-alike of a fraud pattern. */
  readonly lookalikeRate: number;
}

export const DEFAULT_GENERATOR_OPTIONS: Omit<GeneratorOptions, 'startMs'> = {
  seed: 42,
  ratePerSecond: 1000,
  users: 20_000,
  productsPerCategory: 200,
  fraudRate: 0.005,
  fraudMix: Object.fromEntries(FRAUD_PATTERNS.map((p) => [p, 1])) as Record<FraudPattern, number>,
  lookalikeRate: 0.01,
};

/**
 * Users needed per event per second of rate. A user shops again only after a cool-down, so a small population
 * cannot keep up: measured over 20 s of event time, 15 users per event/s give about 83% of the rate asked for,
 * 30 about 98%.
 */
const USERS_PER_EVENT_PER_SECOND = 30;

/** The smallest population that sustains a rate. */
export function usersToSustain(ratePerSecond: number): number {
  return Math.ceil(ratePerSecond * USERS_PER_EVENT_PER_SECOND);
}

/** Sessions last up to about two minutes; starting them this much earlier fills the stream. */
const WARM_UP_MS = 120_000;

/** Average events in a legitimate session, used to turn the event rate into a session rate. */
const EVENTS_PER_SESSION = 3.1;

const LOOKALIKES = [largeNormalPurchase, realTrip, newPhone] as const;

/** Validates generator options, naming the one that is wrong. */
export function checkGeneratorOptions(o: GeneratorOptions): void {
  const fail = (what: string): never => {
    throw new RangeError(`generator option ${what}`);
  };
  if (!Number.isInteger(o.seed)) fail(`seed must be an integer, got ${o.seed}`);
  if (!Number.isFinite(o.startMs)) fail(`startMs must be a time, got ${o.startMs}`);
  if (!(o.ratePerSecond > 0)) fail(`ratePerSecond must be positive, got ${o.ratePerSecond}`);
  if (!Number.isInteger(o.users) || o.users < 10) fail(`users must be an integer of at least 10, got ${o.users}`);
  if (!(o.fraudRate >= 0 && o.fraudRate <= 1)) fail(`fraudRate must be within 0..1, got ${o.fraudRate}`);
  if (!(o.lookalikeRate >= 0 && o.lookalikeRate + o.fraudRate <= 1))
    fail(`lookalikeRate must be within 0..1-fraudRate, got ${o.lookalikeRate}`);
  if (Object.values(o.fraudMix).some((w) => !(w >= 0))) fail('fraudMix weights must be non-negative');
}

/**
 * A deterministic, endless stream of e-commerce events in event-time order: sessions of persistent users,
 * with fraud incidents and legitimate look-alikes injected. The same options give the same events.
 */
export class EventGenerator {
  private readonly world: World;
  private readonly rng: Rng;
  private readonly sessionGapMs: number;
  private readonly mix: readonly (readonly [FraudPattern, number])[];
  /** Sessions under way, by the time of the event each is at. */
  private readonly running = new TimeHeap<Script>();
  private nextSessionMs: number;

  constructor(readonly options: GeneratorOptions) {
    checkGeneratorOptions(options);
    const faker = new Faker({ locale: [en] });
    faker.seed(options.seed);
    this.rng = new Rng(options.seed);
    const catalogue = buildCatalogue(faker, options.productsPerCategory);
    const users: ShopperState[] = buildPopulation(faker, this.rng, options.users).map((user, index) => ({
      user,
      index,
      purchases: 0,
      lastPurchaseMs: -Infinity,
      city: user.home,
      devices: [...user.devices],
      seenDeviceTraits: new Set<string>(),
      recentAmounts: [],
      recentMedianUsd: undefined,
      devicesUsed: new Set<string>(),
      devicesSurelyUsed: 0,
      compromised: false,
    }));
    this.world = new World(this.rng, catalogue, users, options.startMs);
    this.sessionGapMs = (EVENTS_PER_SESSION / options.ratePerSecond) * 1000;
    this.mix = FRAUD_PATTERNS.map((p) => [p, options.fraudMix[p]] as const).filter(([, w]) => w > 0);
    // Sessions start a warm-up span early, so the stream is already at its steady rate at the start time.
    this.nextSessionMs = options.startMs - WARM_UP_MS;
    while (this.nextTimeMs() < options.startMs) this.next();
  }

  /** The next event in event-time order. */
  next(): GeneratedEvent {
    const running = this.running;
    const script = this.peekScript();
    const event = script.current();
    const followingMs = script.advance();
    if (followingMs === undefined) running.pop();
    else running.replaceTop(followingMs, script);
    // Timestamps are formatted here, in time order, where consecutive events share their second.
    event.event.timestamp = isoTime(event.timeMs);
    return event;
  }

  /** The session whose event comes next, starting new sessions until none could come earlier. */
  private peekScript(): Script {
    const running = this.running;
    while (running.size === 0 || running.peekTime() > this.nextSessionMs) {
      const script = this.startSession(this.nextSessionMs);
      const firstMs = script.advance();
      if (firstMs !== undefined) running.push(firstMs, script);
      this.nextSessionMs += this.rng.exponential(this.sessionGapMs);
    }
    return running.peek() as Script;
  }

  private nextTimeMs(): number {
    this.peekScript();
    return this.running.peekTime();
  }

  /** The next `count` events. */
  take(count: number): GeneratedEvent[] {
    const out = new Array<GeneratedEvent>(count);
    for (let i = 0; i < count; i++) out[i] = this.next();
    return out;
  }

  private startSession(t: number): Script {
    const { rng } = this;
    const r = rng.next();
    // Warm-up sessions are cut off at the start time: nothing injected there could be seen whole.
    if (t < this.options.startMs) return legitSession(this.world, t);
    if (r < this.options.fraudRate && this.mix.length > 0) {
      const pattern = rng.weighted(this.mix);
      return patternScript(pattern, this.world, t, { is_fraud: true, pattern, incident_id: `i-${rng.uuid()}` });
    }
    if (r < this.options.fraudRate + this.options.lookalikeRate) return rng.pick(LOOKALIKES)(this.world, t);
    return legitSession(this.world, t);
  }
}
