import type { Command } from 'commander';
import { registerStreamAllCommand } from './stream-all';
import { registerStreamAnalyticsCommand } from './stream-analytics';
import { registerStreamFraudCommand } from './stream-fraud';
import { registerStreamLakeCommand } from './stream-lake';

/** `streamify stream …`: the long-running consumers, one subcommand each. */
export function registerStreamCommands(program: Command): void {
  const stream = program.command('stream').description('run a long-running stream consumer until Ctrl-C');
  registerStreamFraudCommand(stream);
  registerStreamAnalyticsCommand(stream);
  registerStreamLakeCommand(stream);
  registerStreamAllCommand(stream);
}
