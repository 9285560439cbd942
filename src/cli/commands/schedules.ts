import type { Command } from 'commander';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { TASK_QUEUE } from '../../config';
import { HOURLY_ETL_SCHEDULE_ID } from '../../domain/etl/contract';
import { commandContext } from '../context';
import { applyFraudMonitoringSchedule, FRAUD_MONITORING_SCHEDULE_ID } from '../../temporal/fraud-monitoring-schedule';
import { applyHourlyEtlSchedule } from '../../temporal/hourly-etl-schedule';

/** `streamify schedules apply`: every schedule of Streamify as code, created or brought up to date. */
export function registerSchedulesCommands(program: Command): void {
  program
    .command('schedules')
    .description('the Temporal schedules (hourly-etl, fraud-monitoring)')
    .command('apply')
    .description(`create or update "${HOURLY_ETL_SCHEDULE_ID}" (hourly at :05) and "${FRAUD_MONITORING_SCHEDULE_ID}" (every 15 minutes)`)
    .option('--task-queue <name>', 'task queue of the worker that runs them', TASK_QUEUE)
    .option('--catchup-window <duration>', 'how far back the ETL makes up runs missed in an outage (a Temporal duration)', '1 day')
    .action(async (flags: { taskQueue: string; catchupWindow: string }) => {
      const { config } = commandContext('schedules');
      const connection = await connectTemporal(config);
      try {
        const client = temporalClient(connection, config);
        const etl = await applyHourlyEtlSchedule(client, {
          taskQueue: flags.taskQueue,
          catchupWindow: flags.catchupWindow,
          input: { closeWaitMs: config.etlCloseWaitMs, overrideWaitMs: config.dqOverrideWaitMs },
        });
        console.log(`${etl} schedule ${HOURLY_ETL_SCHEDULE_ID}`);
        const monitoring = await applyFraudMonitoringSchedule(client, flags.taskQueue);
        console.log(`${monitoring} schedule ${FRAUD_MONITORING_SCHEDULE_ID}`);
        console.log(`on task queue ${flags.taskQueue}; see them with: temporal schedule list`);
      } finally {
        await connection.close();
      }
    });
}
