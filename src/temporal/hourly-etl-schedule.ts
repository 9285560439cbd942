import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { applySchedule } from '../adapters/temporal/schedules';
import { HOURLY_ETL_SCHEDULE_ID, SCHEDULE_OFFSET_MINUTES, type ScheduledHourlyEtlInput } from '../domain/etl/contract';
import { scheduledHourlyEtl } from '../workflows/scheduled-hourly-etl';

/** What may differ between deployments of the hourly ETL schedule. */
export interface HourlyEtlScheduleSettings {
  readonly scheduleId?: string;
  readonly taskQueue: string;
  /** How far back missed runs are made up after an outage (a Temporal duration, e.g. '1 day'). */
  readonly catchupWindow: string;
  /** The settings of every hour's run (each takes the hour before its scheduled time). */
  readonly input?: ScheduledHourlyEtlInput;
}

/**
 * The hourly ETL schedule as code: every hour at :05, for the hour before (13:05 loads 12:00–13:00). Each action is a
 * short `scheduledHourlyEtl` that starts the hour's own `hourly-etl-<hour>` run (or finds it running or loaded) and
 * ends, so no hour waits behind another. BUFFER_ALL keeps every action, even when the worker was away; a failed hour
 * does not pause the schedule: it shows as a failed `hourly-etl-<hour>`, in `etl gaps` and in `status`.
 */
export function hourlyEtlSchedule(s: HourlyEtlScheduleSettings): ScheduleOptions {
  const scheduleId = s.scheduleId ?? HOURLY_ETL_SCHEDULE_ID;
  return {
    scheduleId,
    spec: { intervals: [{ every: '1 hour', offset: `${SCHEDULE_OFFSET_MINUTES} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: scheduledHourlyEtl,
      taskQueue: s.taskQueue,
      workflowId: scheduleId,
      args: [s.input ?? {}],
      staticSummary: 'Starts the hourly ETL of the hour before (one run per hour, by id)',
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: s.catchupWindow, pauseOnFailure: false },
    state: { note: 'lake → data quality → transform → warehouse, hourly at :05 for the hour before' },
  };
}

/** Creates the schedule, or brings an existing one to this definition; says which. */
export function applyHourlyEtlSchedule(client: Client, s: HourlyEtlScheduleSettings): Promise<'created' | 'updated'> {
  return applySchedule(client, hourlyEtlSchedule(s));
}
