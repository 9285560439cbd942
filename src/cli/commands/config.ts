import type { Command } from 'commander';
import { describeConfig, envExample } from '../../config';
import { commandContext } from '../context';
import { formatTable } from '../table';

/** `streamify config show | example`: the effective settings, and the text of .env.example. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('show the effective settings or print a documented .env template');
  config
    .command('show')
    .description('validate the settings (environment and .env) and print them, secrets masked')
    .action(() => {
      const { config: c } = commandContext('config');
      console.log(
        formatTable(
          ['setting', 'value'],
          describeConfig(c).map((s) => [s.name, s.value]),
        ),
      );
    });
  config
    .command('example')
    .description('print every setting with its meaning and default (the source of .env.example)')
    .action(() => {
      process.stdout.write(envExample());
    });
}
