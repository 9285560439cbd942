import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import { kafkaService } from './kafka';
import { motoService } from './moto';
import { assertPortFree, runningPid, stopProcess, waitUntilReady } from './process';
import type { Endpoint, StackService } from './service';
import { temporalService } from './temporal';

export { MOTO_CREDENTIALS } from './moto';
export { findTemporalCli } from './temporal';
export { ensureSparkInVenv, requireJava, venvBin } from './python-venv';
export { localSparkJob } from './spark-job';

/** The state of one service, as `stack status` reports it. */
export interface ServiceStatus {
  readonly name: string;
  readonly pid: number | undefined;
  readonly ready: boolean;
  readonly endpoints: readonly Endpoint[];
  readonly logFile: string;
  readonly problem?: string;
}

/** The services of the local stack. */
export function stackServices(c: Config): StackService[] {
  return [kafkaService(c), temporalService(c), motoService(c)];
}

/** Provisions and starts every service not already running, and waits until each answers a real call. */
export async function stackUp(c: Config, log: Logger): Promise<ServiceStatus[]> {
  return Promise.all(stackServices(c).map((s) => bringUp(s, log)));
}

async function bringUp(s: StackService, log: Logger): Promise<ServiceStatus> {
  const name = s.process.name;
  mkdirSync(dirname(s.process.pidFile), { recursive: true });
  mkdirSync(dirname(s.process.logFile), { recursive: true });
  let pid = runningPid(s.process);
  if (pid !== undefined) {
    log.info({ service: name, pid }, 'already running; reusing it');
  } else {
    for (const claim of s.ports) await assertPortFree(claim.port, claim.setting);
    await s.provision(log);
    pid = await s.start(log);
    log.info({ service: name, pid, log: s.process.logFile }, 'started; waiting until it is ready');
  }
  await waitUntilReady(s.process, () => s.probe(), s.readyTimeoutMs);
  log.info({ service: name, at: s.endpoints.map((e) => e.address).join(' ') }, 'ready');
  return { name, pid, ready: true, endpoints: s.endpoints, logFile: s.process.logFile };
}

/** Stops exactly the processes the stack started; returns the names of those it stopped. */
export async function stackDown(c: Config, log: Logger): Promise<string[]> {
  const stopped = await Promise.all(
    stackServices(c).map(async (s) => {
      const wasRunning = await stopProcess(s.process);
      if (wasRunning) log.info({ service: s.process.name }, 'stopped');
      return wasRunning ? s.process.name : undefined;
    }),
  );
  return stopped.filter((n): n is string => n !== undefined);
}

/** Whether each service runs and answers a real client call now. */
export async function stackStatus(c: Config): Promise<ServiceStatus[]> {
  return Promise.all(
    stackServices(c).map(async (s) => {
      const pid = runningPid(s.process);
      const base = { name: s.process.name, pid, endpoints: s.endpoints, logFile: s.process.logFile };
      if (pid === undefined) return { ...base, ready: false, problem: 'not running' };
      try {
        await withTimeout(s.probe(), 5000);
        return { ...base, ready: true };
      } catch (err) {
        return { ...base, ready: false, problem: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
