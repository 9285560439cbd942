import { join, resolve } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { ManagedProcess } from './process';

/** Root of the package, where stack/ (pom.xml, requirements.txt) lives. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** Where a service listens, as shown to people. */
export interface Endpoint {
  readonly label: string;
  readonly address: string;
}

/** What a service needs on start-up: the port it takes and the setting that changes it. */
export interface PortClaim {
  readonly port: number;
  readonly setting: string;
}

/** One service of the local stack: how to provision, start and probe it. */
export interface StackService {
  readonly process: ManagedProcess;
  readonly ports: readonly PortClaim[];
  readonly endpoints: readonly Endpoint[];
  readonly readyTimeoutMs: number;
  /** Installs what the service needs into the stack folder; reuses what is already there. */
  provision(log: Logger): Promise<void>;
  /** Starts the service's process; returns its pid. */
  start(log: Logger): Promise<number>;
  /** Resolves once the service answers a real client call. */
  probe(): Promise<void>;
}

/** The absolute stack folder of a configuration. */
export function stackRoot(c: Config): string {
  return resolve(c.stackDir);
}

/** The pid and log files of a named service in the stack folder. */
export function managedProcess(c: Config, name: string, marker: string): ManagedProcess {
  const root = stackRoot(c);
  return { name, pidFile: join(root, 'run', `${name}.pid`), logFile: join(root, 'logs', `${name}.log`), marker };
}
