import { ApplicationFailure } from '@temporalio/activity';
import { snowflakeLoginRefusal } from '../adapters/snowflake/login-errors';
import { ETL_FAILURES } from '../domain/etl/contract';

/** Errors of the cloud SDKs and Node that no retry can fix (a missing bucket, job or file, refused credentials), with the fix. Snowflake's refused logins are its adapter's. */
const PERMANENT_ERRORS: Readonly<Record<string, string>> = {
  NoSuchBucket: 'create the bucket, or point LAKE_URL at one that exists',
  EntityNotFoundException: 'deploy the Glue job, or set GLUE_JOB_NAME to one that exists',
  AccessDenied: 'grant the AWS credentials the worker runs with access to it',
  AccessDeniedException: 'grant the AWS credentials the worker runs with access to it',
  InvalidAccessKeyId: 'give the worker AWS credentials that exist',
  SignatureDoesNotMatch: 'give the worker the secret key of its AWS access key id',
  ENOENT: 'create it, or fix the setting that names it',
  EACCES: 'let the user the worker runs as read and write it',
};

/** DuckDB's classes of error for SQL it rejects: the same statement fails on every attempt. */
const DUCKDB_REJECTED_SQL = /^(Parser|Binder|Catalog|Conversion|Permission) Error:/;
/** SQLSTATE class 42, syntax error or access rule violation (Snowflake: an unknown object, a missing privilege). */
const REJECTED_SQL_STATE = /^42/;
const REJECTED_SQL_FIX =
  'the warehouse rejects the SQL: make the table match the curated hour (migrate or drop it) or grant the role the privilege it names';

/** The code and the fix of an error that no retry can fix; undefined for errors worth retrying. */
export function permanentErrorFix(err: unknown): { code: string; fix: string } | undefined {
  const { name, code, message, sqlState } = (err ?? {}) as { name?: string; code?: unknown; message?: string; sqlState?: string };
  for (const key of [name, code]) {
    const fix = typeof key === 'string' ? PERMANENT_ERRORS[key] : undefined;
    if (fix !== undefined) return { code: key as string, fix };
  }
  const loginRefusal = snowflakeLoginRefusal(err);
  if (loginRefusal !== undefined) return loginRefusal;
  if (typeof sqlState === 'string' && REJECTED_SQL_STATE.test(sqlState)) return { code: `SQLSTATE ${sqlState}`, fix: REJECTED_SQL_FIX };
  const duckDbClass = DUCKDB_REJECTED_SQL.exec(message ?? '')?.[1];
  if (duckDbClass !== undefined) return { code: `${duckDbClass} Error`, fix: REJECTED_SQL_FIX };
  return undefined;
}

/**
 * Runs an activity's work, turning permanent errors into a non-retryable `EtlMisconfigured` failure that says what
 * to fix; everything else (throttling, a 5xx, a timeout, a broker or endpoint briefly away) is thrown as is and
 * retried by the workflow's policy, after the AWS SDK's own few attempts (AWS_SDK_MAX_ATTEMPTS).
 */
export async function failingFastOnMisconfiguration<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const permanent = permanentErrorFix(err);
    if (permanent) {
      const message = (err as { message?: string }).message ?? String(err);
      throw ApplicationFailure.nonRetryable(`${what}: ${message} (${permanent.code}); ${permanent.fix}`, ETL_FAILURES.misconfigured);
    }
    throw err;
  }
}
