import type { Command } from 'commander';
import { connectTemporal } from '../../adapters/temporal/connection';
import { ensureSearchAttributes } from '../../adapters/temporal/search-attributes';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { commandContext } from '../context';

/** `streamify temporal setup`: what the namespace needs before the workflows run; safe to repeat. */
export function registerTemporalCommands(program: Command): void {
  const temporal = program.command('temporal').description('prepare the Temporal namespace');
  temporal
    .command('setup')
    .description(
      `register the custom search attributes of fraud incidents, ETL runs and data-quality gates (${Object.entries(CUSTOM_SEARCH_ATTRIBUTES)
        .map(([name, kind]) => `${name}: ${kind}`)
        .join(', ')})`,
    )
    .action(async () => {
      const { config } = commandContext('temporal');
      const connection = await connectTemporal(config);
      try {
        const names = Object.keys(CUSTOM_SEARCH_ATTRIBUTES);
        const added = await ensureSearchAttributes(connection, config.temporalNamespace, CUSTOM_SEARCH_ATTRIBUTES);
        console.log(
          added.length === 0
            ? `search attributes already registered in ${config.temporalNamespace}: ${names.join(', ')}`
            : `registered in ${config.temporalNamespace}: ${added.join(', ')}`,
        );
      } finally {
        await connection.close();
      }
    });
}
