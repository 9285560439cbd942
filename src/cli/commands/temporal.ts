import type { Command } from 'commander';
import { connectTemporal } from '../../adapters/temporal/connection';
import { ensureKeywordSearchAttributes } from '../../adapters/temporal/search-attributes';
import { INCIDENT_SEARCH_ATTRIBUTES } from '../../domain/monitoring/search-attributes';
import { commandContext } from '../context';

/** `streamify temporal setup`: what the namespace needs before the workflows run; safe to repeat. */
export function registerTemporalCommands(program: Command): void {
  const temporal = program.command('temporal').description('prepare the Temporal namespace');
  temporal
    .command('setup')
    .description(
      `register the custom search attributes of fraud incidents (${Object.values(INCIDENT_SEARCH_ATTRIBUTES).join(', ')}; Keyword)`,
    )
    .action(async () => {
      const { config } = commandContext('temporal');
      const connection = await connectTemporal(config);
      try {
        const names = Object.values(INCIDENT_SEARCH_ATTRIBUTES);
        const added = await ensureKeywordSearchAttributes(connection, config.temporalNamespace, names);
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
