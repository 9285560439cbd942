import { ConfigError } from './config-error';
import type { Config } from './load';
import { settings } from './settings';

/**
 * Refuses the development default of EMAIL_HASH_KEY for any lake but a local `file://` one: with a key everyone can
 * read, anyone can recompute the hashes and confirm a guessed email. Called by the processes that hash emails or
 * read what was hashed (the lake sink, `stream all`, the worker), before they start.
 */
export function requireOwnEmailKey(c: Pick<Config, 'emailHashKey' | 'lakeUrl'>): void {
  if (c.emailHashKey !== settings.emailHashKey.default || c.lakeUrl.startsWith('file://')) return;
  throw new ConfigError([
    `EMAIL_HASH_KEY: the development default may only key a local file:// lake, not ${c.lakeUrl}; set EMAIL_HASH_KEY to a secret of your own (e.g. \`openssl rand -hex 32\`), the same for every process of the deployment`,
  ]);
}
