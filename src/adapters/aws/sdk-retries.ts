/**
 * Attempts the AWS SDK makes of one call (its standard retry mode: throttling, 5xx and timeouts, with jittered
 * backoff of a few hundred milliseconds). This is the fast, inner layer; an activity whose call still fails after
 * these attempts fails, and the workflow's retry policy tries the activity again with backoff of seconds to minutes.
 */
export const AWS_SDK_MAX_ATTEMPTS = 3;
