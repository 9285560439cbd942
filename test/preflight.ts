import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findChromium } from './support/chromium';

/**
 * Run by `npm test` before anything else: what the suite needs beyond Node and the stack (which the tests bring up
 * themselves). It builds the Compose plugin when Go can; what it cannot provide it names, all at once, and stops.
 */

function works(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** What is missing, as a line saying what to install; undefined when docker compose works (now or once built). */
function composeProblem(): string | undefined {
  if (works('docker', ['compose', 'version'])) return undefined;
  if (!works('docker', ['--version']))
    return 'the docker client with its Compose plugin, for the test that validates docker-compose.yml (no Docker engine needed): e.g. the docker client package of your distribution and docker-compose-v2';
  if (!works('go', ['version']))
    return 'the Docker Compose plugin (apt-get install docker-compose-v2), or Go 1.26.8 or newer, with which npm test builds it';
  console.log('npm test: building the Docker Compose plugin with go (once; about a minute and a half)');
  try {
    execFileSync(join(__dirname, '..', '.ci', 'docker-compose-plugin'), { stdio: 'inherit' });
    return undefined;
  } catch {
    return 'the Docker Compose plugin: building it with go failed (see above); apt-get install docker-compose-v2 instead';
  }
}

const missing = [
  findChromium() === undefined
    ? 'Chromium, for the dashboard test: apt-get install chromium, or npx playwright-core install chromium, or set CHROMIUM_PATH'
    : undefined,
  works('prometheus', ['--version']) && works('promtool', ['--version'])
    ? undefined
    : 'Prometheus with promtool, for the alert-rule tests and the scrape test: apt-get install prometheus',
  composeProblem(),
].filter((m): m is string => m !== undefined);

if (missing.length > 0) {
  console.error(`npm test needs, before it can run:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  process.exit(1);
}
