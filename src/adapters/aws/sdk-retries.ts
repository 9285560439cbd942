/**
 * Attempts the AWS SDK makes of one call (its standard retry mode: throttling, 5xx and timeouts, with jittered
 * backoff of a few hundred milliseconds). This is the fast, inner layer; an activity whose call still fails after
 * these attempts fails, and the workflow's retry policy tries the activity again with backoff of seconds to minutes.
 */
export const AWS_SDK_MAX_ATTEMPTS = 3;

/**
 * The HTTP handler's limits: a connection not made within 5 s, or silent for 60 s, fails the attempt with a
 * TimeoutError that the SDK retries. Without them a hung S3 call would hang an activity that heartbeats on a timer
 * until its start-to-close timeout (the SDK sets no socket timeout for S3, 15 minutes for Glue).
 */
export const AWS_HTTP_TIMEOUTS = { connectionTimeout: 5_000, socketTimeout: 60_000 } as const;
