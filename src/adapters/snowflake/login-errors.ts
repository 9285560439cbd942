/**
 * Snowflake's login refusals with the settings to fix: a retry sends the same credentials and is refused the same
 * way, so the caller fails at once instead.
 */
const LOGIN_REFUSALS = [
  {
    code: '390100',
    message: 'Incorrect username or password was specified.',
    fix: 'set SNOWFLAKE_USER and SNOWFLAKE_PASSWORD to a user of the account and its password',
  },
  {
    code: '390144',
    message: 'JWT token is invalid.',
    fix: 'register the public key of SNOWFLAKE_PRIVATE_KEY_FILE for SNOWFLAKE_USER (ALTER USER … SET RSA_PUBLIC_KEY), or point SNOWFLAKE_PRIVATE_KEY_FILE at the key registered for it',
  },
] as const;

/**
 * The code and the fix of a Snowflake login refusal; undefined for any other error. A connection's error carries
 * Snowflake's code; the pool's (snowflake-sdk's createPool) keeps Snowflake's message only, so that is matched too.
 */
export function snowflakeLoginRefusal(err: unknown): { code: string; fix: string } | undefined {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const refusal = LOGIN_REFUSALS.find((r) => String(code) === r.code || message === r.message);
  return refusal && { code: `Snowflake ${refusal.code}`, fix: refusal.fix };
}
