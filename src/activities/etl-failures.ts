import { ApplicationFailure } from '@temporalio/activity';
import { ETL_FAILURES } from '../domain/etl/contract';

/** Errors of the cloud SDKs and Node that no retry can fix: a missing bucket, job or file, or refused credentials. */
const PERMANENT_ERRORS = new Set([
  'NoSuchBucket',
  'EntityNotFoundException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ENOENT',
  'EACCES',
]);

/**
 * Runs an activity's work, turning permanent errors into a non-retryable `EtlMisconfigured` failure that says what
 * to fix; everything else (a broker or endpoint briefly away) is thrown as is and retried by the workflow's policy.
 */
export async function failingFastOnMisconfiguration<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const { name, code, message } = err as { name?: string; code?: string; message?: string };
    if (PERMANENT_ERRORS.has(name ?? '') || PERMANENT_ERRORS.has(code ?? '')) {
      throw ApplicationFailure.nonRetryable(
        `${what}: ${message ?? String(err)} (${code ?? name}); check the configuration`,
        ETL_FAILURES.misconfigured,
      );
    }
    throw err;
  }
}
