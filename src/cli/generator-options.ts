import { InvalidArgumentError, type Command } from 'commander';
import { FRAUD_PATTERNS, type FraudPattern } from '../domain/events/schema';
import { DEFAULT_GENERATOR_OPTIONS, usersToSustain, type GeneratorOptions } from '../domain/generator';

/** The generator flags as commander parses them. */
export interface GeneratorFlags {
  seed: number;
  rate: number;
  users?: number;
  fraudRate: number;
  fraudMix?: Record<FraudPattern, number>;
  lookalikeRate: number;
}

/** A commander parser for numbers with a range, whose error names the expectation. */
export function numberIn(min: number, max: number, integer = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return n;
  };
}

/** Parses `high_amount=2,velocity=1` into weights; patterns not named get weight 0. */
export function parseFraudMix(value: string): Record<FraudPattern, number> {
  const mix = Object.fromEntries(FRAUD_PATTERNS.map((p) => [p, 0])) as Record<FraudPattern, number>;
  for (const part of value.split(',')) {
    const [name, weight = '1'] = part.split('=').map((s) => s.trim());
    if (!FRAUD_PATTERNS.includes(name as FraudPattern)) {
      throw new InvalidArgumentError(`unknown pattern "${name}" (known: ${FRAUD_PATTERNS.join(', ')})`);
    }
    const w = Number(weight);
    if (!(w >= 0)) throw new InvalidArgumentError(`weight of ${name} must be a non-negative number`);
    mix[name as FraudPattern] = w;
  }
  return mix;
}

/** Parses an ISO-8601 time into epoch milliseconds. */
export function parseTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected an ISO-8601 time such as 2026-11-25T12:00:00Z');
  return ms;
}

/** Adds the flags that shape generated traffic. */
export function addGeneratorFlags(command: Command): Command {
  const d = DEFAULT_GENERATOR_OPTIONS;
  return command
    .option('--seed <n>', 'seed: the same seed and start give the same events, byte for byte', numberIn(0, 2 ** 31 - 1, true), d.seed)
    .option('--rate <n>', 'events per second of event time (purchases and activity together)', numberIn(0.001, 10_000_000), d.ratePerSecond)
    .option(
      '--users <n>',
      `size of the user population (default ${d.users.toLocaleString('en-US')}, or ${usersToSustain(1).toLocaleString('en-US')} per event/s of --rate when more)`,
      numberIn(10, 10_000_000, true),
    )
    .option('--fraud-rate <p>', 'share of sessions replaced by a fraud incident', numberIn(0, 1), d.fraudRate)
    .option(
      '--fraud-mix <mix>',
      `weights of injected patterns, e.g. high_amount=2,velocity=1 (default: all ${FRAUD_PATTERNS.length} equal)`,
      parseFraudMix,
    )
    .option('--lookalike-rate <p>', 'share of sessions replaced by a legitimate look-alike of a pattern', numberIn(0, 1), d.lookalikeRate);
}

/** Generator options from parsed flags and a start time. */
export function generatorOptions(flags: GeneratorFlags, startMs: number): GeneratorOptions {
  return {
    ...DEFAULT_GENERATOR_OPTIONS,
    seed: flags.seed,
    startMs,
    ratePerSecond: flags.rate,
    users: flags.users ?? Math.max(DEFAULT_GENERATOR_OPTIONS.users, usersToSustain(flags.rate)),
    fraudRate: flags.fraudRate,
    fraudMix: flags.fraudMix ?? DEFAULT_GENERATOR_OPTIONS.fraudMix,
    lookalikeRate: flags.lookalikeRate,
  };
}
