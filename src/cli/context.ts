import { config as loadDotenv } from 'dotenv';
import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../log';

/** What every command needs: the validated configuration and a logger. */
export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
}

/** Loads .env (if present, never overriding the real environment), validates the configuration and makes a logger. */
export function commandContext(name = 'streamify'): CommandContext {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  return { config, log: createLogger(config, name) };
}
