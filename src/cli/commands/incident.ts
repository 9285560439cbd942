import { userInfo } from 'node:os';
import type { WorkflowHandle } from '@temporalio/client';
import type { Command } from 'commander';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import type { IncidentState } from '../../domain/monitoring/incident';
import { acknowledgeUpdate, escalateUpdate, type fraudIncident, resolveUpdate, stateQuery } from '../../workflows/fraud-incident';
import { commandContext } from '../context';
import { executeHumanUpdate } from '../../temporal/human-update';

type IncidentHandle = WorkflowHandle<typeof fraudIncident>;

/**
 * Runs `act` on the incident's workflow (its id is the key) and prints the incident as the action left it. Actions are
 * updates: one the incident refuses (wrong status, bad input) throws its reason, printed with exit code 1.
 */
async function onIncident(key: string, act: (handle: IncidentHandle) => Promise<IncidentState>): Promise<void> {
  const { config } = commandContext('incident');
  const connection = await connectTemporal(config);
  try {
    const handle = temporalClient(connection, config).workflow.getHandle<typeof fraudIncident>(key);
    const state = await act(handle);
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
    .action(({ key }: { key: string }) => onIncident(key, (h) => h.query(stateQuery)));
  byOption(keyOption(incident.command('ack')))
    .description('acknowledge the incident: it stops escalating by itself')
    .action(({ key, by }: { key: string; by: string }) => onIncident(key, (h) => executeHumanUpdate(h, acknowledgeUpdate, { by })));
  byOption(keyOption(incident.command('resolve')))
    .description('resolve the incident with a note; the workflow ends')
    .requiredOption('--note <text>', 'what was found and done')
    .action(({ key, by, note }: { key: string; by: string; note: string }) =>
      onIncident(key, (h) => executeHumanUpdate(h, resolveUpdate, { by, note })),
    );
  byOption(keyOption(incident.command('escalate')))
    .description('escalate the incident: its severity rises and it notifies again')
    .requiredOption('--reason <text>', 'why')
    .action(({ key, by, reason }: { key: string; by: string; reason: string }) =>
      onIncident(key, (h) => executeHumanUpdate(h, escalateUpdate, { by, reason })),
    );
}
