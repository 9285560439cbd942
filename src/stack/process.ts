import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A long-running process the stack started: its pid file, log file and a marker in its command line. */
export interface ManagedProcess {
  readonly name: string;
  readonly pidFile: string;
  readonly logFile: string;
  /** A string every command line of ours contains (a path inside the stack folder), so `down` never kills a stranger. */
  readonly marker: string;
}

/** The pid recorded for a process, if that process is alive and still ours. */
export function runningPid(p: ManagedProcess): number | undefined {
  if (!existsSync(p.pidFile)) return undefined;
  const pid = Number(readFileSync(p.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(p.marker) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a process in its own process group, detached from ours, with output appended to its log file. */
export function startDetached(p: ManagedProcess, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const log = openSync(p.logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env });
    if (child.pid === undefined) throw new Error(`could not start ${p.name}: ${command}`);
    child.unref();
    writeFileSync(p.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Stops a process group started by startDetached: SIGTERM, then SIGKILL after the grace period. */
export async function stopProcess(p: ManagedProcess, graceMs = 20_000): Promise<boolean> {
  const pid = runningPid(p);
  if (pid === undefined) {
    rmSync(p.pidFile, { force: true });
    return false;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  while (groupAlive(pid)) await sleep(50);
  rmSync(p.pidFile, { force: true });
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fails with a message naming the port and its setting when something already listens on it. */
export async function assertPortFree(port: number, setting: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!free) throw new Error(`port ${port} is already in use (set ${setting} to use another port, or stop what listens there)`);
}

/** The last lines of a log file, for error messages. */
export function tailOf(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Polls a readiness probe until it succeeds, the process dies, or the deadline passes. */
export async function waitUntilReady(p: ManagedProcess, probe: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (runningPid(p) === undefined) {
      throw new Error(`${p.name} exited during start-up; last lines of ${p.logFile}:\n${tailOf(p.logFile)}`);
    }
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`${p.name} was not ready after ${timeoutMs / 1000} s (${String(lastError)}); see ${p.logFile}`);
}
