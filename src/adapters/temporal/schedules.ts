import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

/** Creates a schedule, or brings an existing one of that id to this definition (spec, action, policies); says which. */
export async function applySchedule(client: Client, schedule: ScheduleOptions): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create(schedule);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(schedule.scheduleId)
      .update((previous) => ({ ...previous, spec: schedule.spec, action: schedule.action, policies: schedule.policies }));
    return 'updated';
  }
}
