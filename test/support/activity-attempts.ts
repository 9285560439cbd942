import type { WorkflowHandle } from '@temporalio/client';

/** The attempt of an activity that ran to its end, and why the attempt before it failed. */
export interface ActivityAttempt {
  readonly attempt: number;
  /** The last failure's message (a retried error, or a timeout after a worker died); undefined on the first attempt. */
  readonly lastFailure?: string;
}

/**
 * The attempt each activity type of a finished run was on when it ran to its end, read off the run's history: a
 * retried activity's history records only the last attempt's start, with its number and the failure before it.
 */
export async function activityAttempts(handle: WorkflowHandle): Promise<Record<string, ActivityAttempt>> {
  const events = (await handle.fetchHistory()).events ?? [];
  const typeByScheduledId = new Map<string, string>();
  const attempts: Record<string, ActivityAttempt> = {};
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeByScheduledId.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const type = typeByScheduledId.get(String(started.scheduledEventId)) ?? '';
      const lastFailure = started.lastFailure?.message ?? undefined;
      attempts[type] = { attempt: started.attempt ?? 0, ...(lastFailure ? { lastFailure } : {}) };
    }
  }
  return attempts;
}
