import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { secretConfigKeys, secretSettingNames, type Config } from './config';
import { redactSecrets } from './log-redaction';

export type { Logger };

/** Secret settings by config field and by variable name; other secrets are known by their key's name. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set<string>([...secretConfigKeys, ...secretSettingNames]);

/** The process logger: JSON for machines, colourised lines on a terminal. */
export function createLogger(c: Pick<Config, 'logLevel' | 'logFormat'>, name = 'streamify'): Logger {
  const options = {
    name,
    level: c.logLevel,
    // Every record, at any depth: a secret nested in a config, an env or a client's options is never written.
    formatters: { log: (record: Record<string, unknown>) => redactSecrets(record, SECRET_SETTINGS) as Record<string, unknown> },
  };
  const usePretty = c.logFormat === 'pretty' || (c.logFormat === 'auto' && process.stderr.isTTY === true);
  // Logs go to stderr so that stdout stays for command output (tables, JSON).
  return usePretty
    ? pino(options, pretty({ destination: 2, colorize: process.stderr.isTTY === true, ignore: 'pid,hostname', sync: true }))
    : pino(options, pino.destination({ dest: 2, sync: true }));
}
