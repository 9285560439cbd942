import { randomInt } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';
import pino from 'pino';
import { HOUR_MS } from '../../src/domain/lake';
import { createLogger, type Logger } from '../../src/log';

/** The configuration tests run with: the environment's, logging only warnings. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'warn', ...process.env, ...overrides });
}

/** A logger for tests that prints warnings and errors only. */
export function testLogger(): Logger {
  return createLogger({ logLevel: 'warn', logFormat: 'json' }, 'test');
}

/**
 * This run's own prefix, random rather than from the clock: two runs on one stack (two checkouts, CI beside a
 * developer's `npm start`) started in the same millisecond still differ.
 */
const RUN_ID = randomInt(36 ** 6)
  .toString(36)
  .padStart(6, '0');
let namesMade = 0;

/** A name unique to this test run, for topics, buckets, groups, task queues and workflow ids that must not collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${RUN_ID}-${(namesMade++).toString(36)}`;
}

/** Hours a run may take: 16 a call, 64 calls; runs take one of 256 blocks of them at random from 1990 on, long before any real data. */
const HOURS_A_CALL = 16;
const CALLS_A_RUN = 64;
const RUN_BLOCKS = 256;
const FIRST_TEST_HOUR_MS = Date.parse('1990-01-01T00:00:00Z');
const RUN_FIRST_HOUR_MS = FIRST_TEST_HOUR_MS + randomInt(RUN_BLOCKS) * CALLS_A_RUN * HOURS_A_CALL * HOUR_MS;
let hoursTaken = 0;

/**
 * The start of an hour of this run's own, with the 15 hours after it free too: ids made from an hour (`hourly-etl-<hour>`,
 * the data-quality gates) on the shared dev server then meet no other run's and no user's.
 */
export function uniqueHourMs(): number {
  if (hoursTaken === CALLS_A_RUN) throw new Error(`a test run takes at most ${CALLS_A_RUN} hours of its own`);
  return RUN_FIRST_HOUR_MS + hoursTaken++ * HOURS_A_CALL * HOUR_MS;
}

/** A logger that keeps its warnings and errors as records, for tests that assert what was logged. */
export function capturingLogger(): { log: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, records };
}
