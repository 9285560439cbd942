import type { Command } from 'commander';
import { ensureSparkInVenv, stackDown, stackStatus, stackUp, type ServiceStatus } from '../../stack';
import { commandContext } from '../context';
import { formatTable } from '../table';

function printServices(services: readonly ServiceStatus[]): void {
  const rows = services.map((s) => [
    s.name,
    s.ready ? 'up' : s.pid !== undefined ? 'not ready' : 'down',
    s.pid === undefined ? '-' : String(s.pid),
    s.endpoints.map((e) => `${e.label}: ${e.address}`).join(', '),
    s.problem ?? '',
  ]);
  console.log(formatTable(['service', 'state', 'pid', 'listens on', 'problem'], rows));
}

/** `streamify stack up | down | status`: the local Kafka, Temporal and moto. */
export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('start, stop or inspect the local stack (Kafka, Temporal dev server, moto)');

  stack
    .command('up')
    .description('provision (first run only) and start the local services, waiting until each answers')
    .option('--with-spark', 'also install PySpark into the stack venv (GLUE_MODE=spark installs it on first use otherwise)')
    .action(async (opts: { withSpark?: boolean }) => {
      const { config, log } = commandContext('stack');
      if (opts.withSpark) await ensureSparkInVenv(config, log);
      printServices(await stackUp(config, log));
      console.log(`\nlogs and data: ${config.stackDir}/   stop with: npx streamify stack down`);
    });

  stack
    .command('down')
    .description('stop the processes `stack up` started (data is kept)')
    .action(async () => {
      const { config, log } = commandContext('stack');
      const stopped = await stackDown(config, log);
      console.log(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
    });

  stack
    .command('status')
    .description('show whether each service runs and answers, and where it listens; exit code 1 if any is down')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { config } = commandContext('stack');
      const services = await stackStatus(config);
      if (opts.json) console.log(JSON.stringify(services, null, 2));
      else printServices(services);
      if (services.some((s) => !s.ready)) process.exitCode = 1;
    });
}
