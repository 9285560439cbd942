import { accessSync, constants, readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/** Why a file cannot be read (e.g. `ENOENT: no such file or directory`), or undefined when it can. */
export function unreadableReason(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/, access '.*'$/, '') : String(err);
  }
}

/**
 * The contents of a file a setting names. Settings are checked for readability when loaded; this
 * covers a file that vanished since, with the same ConfigError naming the setting and the path.
 */
export function readSettingFile(settingName: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ConfigError([`${settingName}=${JSON.stringify(path)}: cannot read the file (${why})`]);
  }
}
