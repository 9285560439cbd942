import { Command } from 'commander';
import { ConfigError } from '../config';
import { registerConfigCommands } from './commands/config';
import { registerDashboardCommand } from './commands/dashboard';
import { registerDemoCommand } from './commands/demo';
import { registerDqCommands } from './commands/dq';
import { registerEtlCommands } from './commands/etl';
import { registerFraudCommands } from './commands/fraud';
import { registerGenerateCommand } from './commands/generate';
import { registerGlueCommands } from './commands/glue';
import { registerIncidentCommands } from './commands/incident';
import { registerMonitorCommands } from './commands/monitor';
import { registerProduceCommand } from './commands/produce';
import { registerRulesCommands } from './commands/rules';
import { registerSchedulesCommands } from './commands/schedules';
import { registerStackCommands } from './commands/stack';
import { registerStatusCommand } from './commands/status';
import { registerStreamCommands } from './commands/stream';
import { registerTemporalCommands } from './commands/temporal';
import { registerTopicCommands } from './commands/topics';
import { registerWorkerCommand } from './commands/worker';

/** The `streamify` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('streamify')
    .description('Real-time e-commerce analytics and fraud detection: Kafka streams, a Parquet lake, Temporal workflows.')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  registerDemoCommand(program);
  registerStackCommands(program);
  registerStatusCommand(program);
  registerDashboardCommand(program);
  registerTopicCommands(program);
  registerProduceCommand(program);
  registerGenerateCommand(program);
  registerStreamCommands(program);
  registerRulesCommands(program);
  registerFraudCommands(program);
  registerWorkerCommand(program);
  registerDqCommands(program);
  registerEtlCommands(program);
  registerGlueCommands(program);
  registerMonitorCommands(program);
  registerSchedulesCommands(program);
  registerIncidentCommands(program);
  registerTemporalCommands(program);
  registerConfigCommands(program);
  return program;
}

/** Entry point of bin/streamify.js: runs one command and turns failures into a message and an exit code. */
export function main(argv: readonly string[]): void {
  buildProgram()
    .parseAsync([...argv])
    .catch((err: unknown) => {
      if (err instanceof ConfigError) {
        console.error(`streamify: ${err.message}`);
        process.exitCode = 2;
        return;
      }
      console.error(`streamify: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    })
    // A command that has settled is done, and so is its process. kafkajs can leave a connection open after a broker
    // restart (a batch in flight while its consumer restarted heartbeats afterwards on a connection no client owns),
    // which would keep a stopped consumer alive after SIGTERM. Logs are written synchronously: none is lost.
    .finally(() => process.exit());
}
