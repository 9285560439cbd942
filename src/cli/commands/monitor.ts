import { InvalidArgumentError, type Command } from 'commander';
import { TASK_QUEUE } from '../../config';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { workflowWebUiUrl } from '../../adapters/temporal/web-ui';
import { windowEndAtOrBefore } from '../../domain/monitoring/window';
import { fraudMonitoring } from '../../workflows/fraud-monitoring';
import { commandContext } from '../context';
import { applyFraudMonitoringSchedule, FRAUD_MONITORING_SCHEDULE_ID } from '../../temporal/fraud-monitoring-schedule';

/** A window end: an ISO time on a 15-minute boundary. */
function windowEndFlag(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || windowEndAtOrBefore(ms) !== ms) {
    throw new InvalidArgumentError('expected an ISO time on a 15-minute boundary, e.g. 2026-11-25T12:15:00Z');
  }
  return new Date(ms).toISOString();
}

/** `streamify monitor schedule | run`: the 15-minute fraud monitoring on Temporal. */
export function registerMonitorCommands(program: Command): void {
  const monitor = program.command('monitor').description('fraud monitoring every 15 minutes: its schedule, or one run now');
  monitor
    .command('schedule')
    .description(`create or update the Temporal schedule "${FRAUD_MONITORING_SCHEDULE_ID}" (every 15 minutes, one minute past the window)`)
    .option('--task-queue <name>', 'task queue of the worker that runs it', TASK_QUEUE)
    .action(async ({ taskQueue }: { taskQueue: string }) => {
      const { config } = commandContext('monitor');
      const connection = await connectTemporal(config);
      try {
        const outcome = await applyFraudMonitoringSchedule(temporalClient(connection, config), taskQueue);
        console.log(`${outcome} schedule ${FRAUD_MONITORING_SCHEDULE_ID} on task queue ${taskQueue}`);
      } finally {
        await connection.close();
      }
    });
  monitor
    .command('run')
    .description('run fraudMonitoring over one window now and print what it found (a worker must be running)')
    .option('--window-end <time>', 'end of the window, on a 15-minute boundary (default: the last boundary)', windowEndFlag)
    .action(async ({ windowEnd }: { windowEnd?: string }) => {
      const { config } = commandContext('monitor');
      const end = windowEnd ?? new Date(windowEndAtOrBefore(Date.now())).toISOString();
      const connection = await connectTemporal(config);
      try {
        const workflowId = `${FRAUD_MONITORING_SCHEDULE_ID}-manual-${end}`;
        console.log(`running ${workflowId}: ${workflowWebUiUrl(config, workflowId)}`);
        const result = await temporalClient(connection, config).workflow.execute(fraudMonitoring, {
          taskQueue: TASK_QUEUE,
          workflowId,
          args: [{ windowEnd: end }],
          staticSummary: `Fraud monitoring of the window ending ${end}, started from the CLI`,
        });
        console.log(
          `${result.windowStart} to ${result.windowEnd}: ${result.alerts} alerts (${result.criticalAlerts} CRITICAL), average score ${result.averageScore?.toFixed(3) ?? '-'}, ${result.spike ? 'a spike' : 'no spike'}${result.newPatterns.length > 0 ? `, new patterns ${result.newPatterns.join(', ')}` : ''}`,
        );
        console.log(`report: ${result.reportKeys.html} in ${config.lakeUrl}`);
        for (const key of result.incidentsOpened) console.log(`opened incident ${key}: ${workflowWebUiUrl(config, key)}`);
        for (const key of result.incidentsExisting) console.log(`incident ${key} exists already`);
      } finally {
        await connection.close();
      }
    });
}
