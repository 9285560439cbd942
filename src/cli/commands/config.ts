import type { Command } from 'commander';
import { configReference, describeConfig, envExample } from '../../config';
import { commandContext } from '../context';
import { formatTable } from '../table';

/** `streamify config show | example | docs`: the effective settings, the text of .env.example, the settings reference. */
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
  config
    .command('docs')
    .description('print every setting by group as a markdown reference (the source of docs/CONFIGURATION.md)')
    .action(() => {
      process.stdout.write(configReference());
    });
}
