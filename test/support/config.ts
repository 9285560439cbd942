import { loadConfig, type Config } from '../../src/config';
import pino from 'pino';
import { createLogger, type Logger } from '../../src/log';

/** The configuration tests run with: the environment's, logging only warnings. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'warn', ...process.env, ...overrides });
}

/** A logger for tests that prints warnings and errors only. */
export function testLogger(): Logger {
  return createLogger({ logLevel: 'warn', logFormat: 'json' }, 'test');
}

/** A name unique to this test run, for topics, buckets and groups that must not collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A logger that keeps its warnings and errors as records, for tests that assert what was logged. */
export function capturingLogger(): { log: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, records };
}
