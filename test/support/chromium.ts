import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/** Names of Chromium on PATH, as distributions and Google package it. */
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The Chromium the dashboard test drives: CHROMIUM_PATH if set, else one on PATH (Debian's `chromium` package, which
 * .ci/run installs), else the one `npx playwright-core install chromium` downloaded; undefined when there is none.
 */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  const folders = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = ON_PATH.flatMap((name) => folders.map((folder) => join(folder, name))).find((file) => existsSync(file));
  if (onPath !== undefined) return onPath;
  const downloaded = chromium.executablePath();
  return existsSync(downloaded) ? downloaded : undefined;
}
