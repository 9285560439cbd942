import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { applySchedule } from '../adapters/temporal/schedules';
import { HOURLY_ETL_SCHEDULE_ID, SCHEDULE_OFFSET_MINUTES, backfillTimes, type HourlyEtlInput } from '../domain/etl/contract';
import { hourlyEtl } from '../workflows/hourly-etl';

/** What may differ between deployments of the hourly ETL schedule. */
export interface HourlyEtlScheduleSettings {
  readonly scheduleId?: string;
  readonly taskQueue: string;
  /** How far back missed runs are made up after an outage (a Temporal duration, e.g. '1 day'). */
  readonly catchupWindow: string;
  /** The input of every run: never an hour (each run takes the hour before its scheduled time). */
  readonly input?: Omit<HourlyEtlInput, 'hour'>;
}

/**
 * The hourly ETL schedule as code: every hour at :05, for the hour before (13:05 loads 12:00–13:00). The action's
 * arguments are fixed, so they carry no hour: the workflow reads its scheduled time from the TemporalScheduledStartTime
 * search attribute. A run still going when the next is due makes the next one skip; a failed run pauses the schedule
 * until someone looks.
 */
export function hourlyEtlSchedule(s: HourlyEtlScheduleSettings): ScheduleOptions {
  const scheduleId = s.scheduleId ?? HOURLY_ETL_SCHEDULE_ID;
  return {
    scheduleId,
    spec: { intervals: [{ every: '1 hour', offset: `${SCHEDULE_OFFSET_MINUTES} minutes` }] },
    action: { type: 'startWorkflow', workflowType: hourlyEtl, taskQueue: s.taskQueue, workflowId: scheduleId, args: [s.input ?? {}] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: s.catchupWindow, pauseOnFailure: true },
  };
}

/** Creates the schedule, or brings an existing one to this definition; says which. */
export function applyHourlyEtlSchedule(client: Client, s: HourlyEtlScheduleSettings): Promise<'created' | 'updated'> {
  return applySchedule(client, hourlyEtlSchedule(s));
}

/**
 * Asks the schedule to run the hours from one to another (inclusive) as if it had run them at the time, each with its
 * own scheduled time and so its own hour; BUFFER_ALL queues them one after another instead of skipping overlaps.
 */
export async function backfillHourlyEtl(
  client: Client,
  fromHourStartMs: number,
  toHourStartMs: number,
  scheduleId = HOURLY_ETL_SCHEDULE_ID,
): Promise<void> {
  await client.schedule
    .getHandle(scheduleId)
    .backfill({ ...backfillTimes(fromHourStartMs, toHourStartMs), overlap: ScheduleOverlapPolicy.BUFFER_ALL });
}
