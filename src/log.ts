import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { secretConfigKeys, secretSettingNames, type Config } from './config';

export type { Logger };

/** Secret settings by config field and by variable name, at the top of a record or one level down (`{ config }`, `{ env }`). */
const SECRET_SETTING_PATHS = [...secretConfigKeys, ...secretSettingNames].flatMap((key) => [key, `*.${key}`]);

/** Paths whose values are replaced by [redacted] wherever they appear in a log record. */
const REDACTED_PATHS = [
  ...SECRET_SETTING_PATHS,
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'privateKey',
  '*.privateKey',
  'passphrase',
  '*.passphrase',
  'sasl.password',
  '*.sasl.password',
];

/** The process logger: JSON for machines, colourised lines on a terminal. */
export function createLogger(c: Pick<Config, 'logLevel' | 'logFormat'>, name = 'streamify'): Logger {
  const options = { name, level: c.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  const usePretty = c.logFormat === 'pretty' || (c.logFormat === 'auto' && process.stderr.isTTY === true);
  // Logs go to stderr so that stdout stays for command output (tables, JSON).
  return usePretty
    ? pino(options, pretty({ destination: 2, colorize: process.stderr.isTTY === true, ignore: 'pid,hostname', sync: true }))
    : pino(options, pino.destination({ dest: 2, sync: true }));
}
