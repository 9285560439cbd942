import type { IHeaders } from 'kafkajs';
import { validateActivity, validateTransaction } from '../../src/domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, type GeneratedEvent } from '../../src/domain/generator';
import { Rng } from '../../src/domain/random';

/** One message of a fuzz corpus, with what the consumers must make of it. */
export interface FuzzMessage {
  readonly stream: 'sales' | 'activity';
  readonly key: string | null;
  /** Never a newline in it, so that the corpus is also a JSONL file. */
  readonly value: Buffer;
  readonly headers?: IHeaders;
  /** True when the message is a valid event (by the schema), which the consumers count once. */
  readonly valid: boolean;
  /** The transaction or event id of a valid message. */
  readonly id?: string;
  /** The mutation that made it, or 'valid'. */
  readonly kind: string;
}

export interface FuzzCorpusOptions {
  readonly seed: number;
  readonly valid: number;
  readonly mutated: number;
  /** Values of this many bytes and more are left out (a broker's limit); default none. */
  readonly maxValueBytes?: number;
  /** How many huge values (10 MB or 300 KB) among the mutated (before maxValueBytes); default 6. */
  readonly huge?: number;
  /** The longest huge key (and header value, at most 20,000 bytes); default 50,000. */
  readonly maxMetaBytes?: number;
  /** Event times start here; default an hour and a half ago. */
  readonly startMs?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TEN_MB = 10 * 1024 * 1024;
const WRONG_VALUES: readonly unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [1, 2], { a: 1 }, '1e309', 'NaN'];

/** The event's fields as a record, so that a mutation may set any of them. */
const fieldsOf = (e: GeneratedEvent): Record<string, unknown> => ({ ...(e.event as unknown as Record<string, unknown>) });

/** Replaces newlines by spaces: a mutated value is one line of a JSONL file too. */
function oneLine(bytes: Buffer): Buffer {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === NEWLINE || bytes[i] === CARRIAGE_RETURN) bytes[i] = SPACE;
  return bytes;
}

/** The mutations, each from the JSON of a valid event (and the event) to hostile bytes. */
const MUTATIONS: ReadonlyArray<readonly [string, (json: string, e: Record<string, unknown>, rng: Rng) => Buffer | string]> = [
  [
    'byte flips',
    (json, _e, rng) => {
      const b = Buffer.from(json);
      for (let k = rng.int(1, 4); k > 0; k--) {
        const i = rng.int(0, b.length - 1);
        b[i] = (b[i] as number) ^ (1 << rng.int(0, 7));
      }
      return b;
    },
  ],
  ['truncation', (json, _e, rng) => json.slice(0, rng.int(0, json.length - 1))],
  [
    'wrong type',
    (_json, e, rng) => {
      const keys = Object.keys(e);
      const key = keys[rng.int(0, keys.length - 1)] as string;
      return JSON.stringify({ ...e, [key]: WRONG_VALUES[rng.int(0, WRONG_VALUES.length - 1)] });
    },
  ],
  [
    'deep nesting',
    (_json, e, rng) => {
      const depth = rng.int(100, 5000);
      return rng.chance(0.5)
        ? '['.repeat(depth) + ']'.repeat(depth)
        : JSON.stringify(e).replace('{', `{"location":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},`);
    },
  ],
  [
    'non-UTF-8',
    (json, _e, rng) => {
      const b = Buffer.from(json);
      const at = rng.int(1, b.length - 2);
      return Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), b.subarray(at)]);
    },
  ],
  ['__proto__ key', (json) => json.replace('{', '{"__proto__":{"amount":-1,"transaction_id":7},')],
  ['constructor key', (json) => json.replace('{', '{"constructor":{"prototype":{"polluted":true}},')],
  [
    'NaN, Infinity, 1e309',
    (json, e, rng) => {
      const field = 'amount' in e ? 'amount' : 'timestamp';
      const value = ['NaN', 'Infinity', '-Infinity', '1e309', '-1e309'][rng.int(0, 4)] as string;
      return json.replace(new RegExp(`"${field}":("[^"]*"|[^,}]*)`), `"${field}":${value}`);
    },
  ],
  [
    'missing field',
    (_json, e, rng) => {
      const keys = Object.keys(e);
      const rest = { ...e };
      delete rest[keys[rng.int(0, keys.length - 1)] as string];
      return JSON.stringify(rest);
    },
  ],
  ['not an object', (_json, _e, rng) => (['[]', 'null', '42', '"purchase"', 'true', '', ' '] as const)[rng.int(0, 6)] as string],
];

/**
 * A seeded corpus of `valid` events from the generator interleaved with `mutated` hostile messages (byte flips,
 * truncation, wrong types, deep nesting, non-UTF-8, `__proto__`/`constructor` keys, NaN/Infinity/1e309, missing
 * fields, huge strings, a few 10 MB values; keys and headers missing or huge), each made from an event of its own,
 * so that a mutation that happens to stay valid is one more valid event with an id of its own. Whether a message is
 * valid is what the schema says of its bytes. The same seed gives the same corpus, so a failure reproduces.
 */
export function fuzzCorpus(o: FuzzCorpusOptions): FuzzMessage[] {
  const rng = new Rng(o.seed);
  const nowMs = Date.now();
  const startMs = o.startMs ?? nowMs - 90 * 60_000;
  const events = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, seed: o.seed, startMs, users: 2000, fraudRate: 0.02 }).take(
    o.valid + o.mutated,
  );
  const metaMax = o.maxMetaBytes ?? 50_000;
  const hugeAt = new Set(Array.from({ length: o.huge ?? 6 }, () => rng.int(0, o.mutated - 1)));
  const corpus: FuzzMessage[] = [];
  let mutants = 0;
  for (let i = 0, v = 0; v < o.valid || mutants < o.mutated; i++) {
    // The i-th message is made from the i-th event, so that event times keep the generator's order: a mutant that stays
    // valid is not ahead of the valid events around it (which would hold a window consumer's watermark ahead of them).
    const e = events[i] as GeneratedEvent;
    // About one mutant per valid event, at random: bad input sits between the events a rule needs together.
    if (v < o.valid && (mutants >= o.mutated || rng.chance(0.5))) {
      v += 1;
      corpus.push(message(e, Buffer.from(JSON.stringify(e.event)), 'valid', nowMs, e.event.user_id));
      continue;
    }

    const fields = fieldsOf(e);
    let kind: string;
    let value: Buffer;
    if (hugeAt.has(mutants)) {
      kind = 'huge value';
      value = Buffer.from(JSON.stringify({ ...fields, product_name: 'y'.repeat(rng.chance(0.5) ? TEN_MB : 300_000) }));
    } else {
      const [name, mutate] = MUTATIONS[rng.int(0, MUTATIONS.length - 1)] as (typeof MUTATIONS)[number];
      kind = name;
      const out = mutate(JSON.stringify(fields), fields, rng);
      value = oneLine(typeof out === 'string' ? Buffer.from(out) : out);
    }
    mutants += 1;
    if (o.maxValueBytes !== undefined && value.length >= o.maxValueBytes) continue;
    const keyChoice = rng.int(0, 9);
    const key = keyChoice === 0 ? null : keyChoice === 1 ? 'k'.repeat(rng.int(Math.min(1000, metaMax), metaMax)) : e.event.user_id;
    const headers: IHeaders | undefined = rng.chance(0.1)
      ? { 'x-fuzz': 'h'.repeat(rng.int(1, Math.min(20_000, metaMax))), '': '' }
      : undefined;
    corpus.push(message(e, value, kind, nowMs, key, headers));
  }
  return corpus;
}

function message(e: GeneratedEvent, value: Buffer, kind: string, nowMs: number, key: string | null, headers?: IHeaders): FuzzMessage {
  const stream = e.kind === 'purchase' ? 'sales' : 'activity';
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { stream, key, value, headers, valid: false, kind };
  }
  const valid = stream === 'sales' ? validateTransaction(json, nowMs) : validateActivity(json, nowMs);
  const id = !valid.ok ? undefined : 'transaction_id' in valid.value ? valid.value.transaction_id : valid.value.event_id;
  return { stream, key, value, headers, valid: valid.ok, id, kind };
}
