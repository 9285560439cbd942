import { userInfo } from 'node:os';
import type { WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import type { IncidentState } from '../../domain/monitoring/incident';
import { acknowledgeSignal, escalateSignal, type fraudIncident, resolveSignal, stateQuery } from '../../workflows/fraud-incident';
import { commandContext } from '../context';

type IncidentHandle = WorkflowHandle<typeof fraudIncident>;

/** Runs `act` on the incident's workflow (its id is the key), then prints the incident as it is. */
async function onIncident(key: string, act: (handle: IncidentHandle) => Promise<void>): Promise<void> {
  const { config } = commandContext('incident');
  const connection = await connectTemporal(config);
  try {
    const handle = temporalClient(connection, config).workflow.getHandle<typeof fraudIncident>(key);
    await act(handle);
    const state: IncidentState = await handle.query(stateQuery);
    console.log(JSON.stringify(state, null, 2));
  } finally {
    await connection.close();
  }
}

const keyOption = (command: Command): Command =>
  command.requiredOption('--key <key>', 'incident key (its workflow id), e.g. critical-burst:2026-11-25T12:15:00.000Z');
const byOption = (command: Command): Command => command.option('--by <name>', 'who acts', userInfo().username);

/** `streamify incident show | ack | resolve | escalate`: people acting on a fraud incident. */
export function registerIncidentCommands(program: Command): void {
  const incident = program.command('incident').description('show, acknowledge, resolve or escalate a fraud incident');
  keyOption(incident.command('show'))
    .description('print the incident’s state')
    .action(({ key }: { key: string }) => onIncident(key, async () => undefined));
  byOption(keyOption(incident.command('ack')))
    .description('acknowledge the incident: it stops escalating by itself')
    .action(({ key, by }: { key: string; by: string }) => onIncident(key, (h) => h.signal(acknowledgeSignal, { by })));
  byOption(keyOption(incident.command('resolve')))
    .description('resolve the incident with a note; the workflow ends')
    .requiredOption('--note <text>', 'what was found and done')
    .action(({ key, by, note }: { key: string; by: string; note: string }) =>
      onIncident(key, (h) => h.signal(resolveSignal, { by, note })),
    );
  byOption(keyOption(incident.command('escalate')))
    .description('escalate the incident: its severity rises and it notifies again')
    .requiredOption('--reason <text>', 'why')
    .action(({ key, by, reason }: { key: string; by: string; reason: string }) =>
      onIncident(key, (h) => h.signal(escalateSignal, { by, reason })),
    );
}
