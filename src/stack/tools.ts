import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { spawn } from 'node:child_process';

const execFileAsync = promisify(execFile);

/** The output of a short command, or undefined when it cannot run. */
export async function tryOutput(command: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { timeout: 30_000 });
    return `${stdout}${stderr}`;
  } catch {
    return undefined;
  }
}

/** Runs a provisioning command to completion, its output appended to a log; fails with the log's tail. */
export async function runToCompletion(command: string, args: readonly string[], what: string, cwd?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => reject(new Error(`${what} could not run ${command}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${command} exited with ${code}):\n${output.trimEnd().split('\n').slice(-25).join('\n')}`));
    });
  });
}

/** Fails with what to install when a prerequisite program is missing. */
export async function requireTool(command: string, versionArgs: readonly string[], install: string): Promise<string> {
  const out = await tryOutput(command, versionArgs);
  if (out === undefined) throw new Error(`${command} was not found: ${install}`);
  return out;
}
