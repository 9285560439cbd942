import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { applySchedule } from '../adapters/temporal/schedules';
import { fraudMonitoring } from '../workflows/fraud-monitoring';

/** Id of the schedule that runs `fraudMonitoring`; its runs have workflow ids `fraud-monitoring-<scheduled time>`. */
export const FRAUD_MONITORING_SCHEDULE_ID = 'fraud-monitoring';

/**
 * The fraud-monitoring schedule as code: every 15 minutes, one minute past the window's end (12:16 covers 12:00 to
 * 12:15), so that alerts detected just before the end have been produced. One window at a time: after an outage of up
 * to a day the missed windows run in order, each with its own scheduled time (BUFFER_ALL), never 96 at once.
 */
export function fraudMonitoringSchedule(taskQueue: string, scheduleId = FRAUD_MONITORING_SCHEDULE_ID): ScheduleOptions {
  return {
    scheduleId,
    spec: { intervals: [{ every: '15 minutes', offset: '1 minute' }] },
    action: {
      type: 'startWorkflow',
      workflowType: fraudMonitoring,
      taskQueue,
      workflowId: scheduleId,
      args: [{}],
      staticSummary: 'Fraud monitoring of the 15 minutes before the scheduled time',
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: '1 day' },
    state: { note: 'alerts of each 15-minute window against the baseline; opens incidents' },
  };
}

/** Creates the schedule, or brings an existing one to this definition; says which. Tests pass their own id. */
export function applyFraudMonitoringSchedule(
  client: Client,
  taskQueue: string,
  scheduleId = FRAUD_MONITORING_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  return applySchedule(client, fraudMonitoringSchedule(taskQueue, scheduleId));
}
