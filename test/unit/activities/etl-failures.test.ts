import assert from 'node:assert/strict';
import { permanentErrorFix } from '../../../src/activities/etl-failures';

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('which ETL errors no retry can fix', () => {
  it('names the fix of a missing bucket, a missing Glue job and refused credentials', () => {
    assert.match(permanentErrorFix(named('NoSuchBucket'))?.fix ?? '', /create the bucket, or point LAKE_URL/);
    assert.match(permanentErrorFix(named('EntityNotFoundException'))?.fix ?? '', /deploy the Glue job, or set GLUE_JOB_NAME/);
    assert.match(permanentErrorFix(named('AccessDenied'))?.fix ?? '', /grant the AWS credentials/);
    assert.equal(permanentErrorFix(Object.assign(new Error('open'), { code: 'ENOENT' }))?.code, 'ENOENT');
  });

  it('takes SQL the warehouse rejects as permanent: DuckDB’s binder, catalog, parser and conversion errors, SQLSTATE class 42', () => {
    assert.equal(permanentErrorFix(new Error('Binder Error: Referenced column "x" not found'))?.code, 'Binder Error');
    assert.equal(permanentErrorFix(new Error('Catalog Error: Table with name t does not exist!'))?.code, 'Catalog Error');
    // snowflake-sdk's shape: a numeric code and the SQLSTATE (42501: insufficient privileges).
    const denied = Object.assign(new Error('Insufficient privileges to operate on table'), { code: 3001, sqlState: '42501' });
    assert.match(permanentErrorFix(denied)?.fix ?? '', /the warehouse rejects the SQL/);
  });

  it('takes Snowflake’s refused logins as permanent, by code from a connection and by message from the pool', () => {
    const jwt = Object.assign(new Error('JWT token is invalid.'), { name: 'OperationFailedError', code: '390144' });
    assert.match(permanentErrorFix(jwt)?.fix ?? '', /SNOWFLAKE_PRIVATE_KEY_FILE/);
    // snowflake-sdk's pool rejects with `new Error(err.message)`: Snowflake's message is all that is left.
    assert.equal(permanentErrorFix(new Error('JWT token is invalid.'))?.code, 'Snowflake 390144');
    assert.match(permanentErrorFix(new Error('Incorrect username or password was specified.'))?.fix ?? '', /SNOWFLAKE_PASSWORD/);
  });

  it('leaves throttling, server errors, timeouts, a held warehouse file and a lost connection to the retry policy', () => {
    for (const err of [
      named('SlowDown', 'Please reduce your request rate.'),
      named('ThrottlingException'),
      named('InternalError'),
      named('TimeoutError'),
      new Error('IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held'),
      Object.assign(new Error('Network error. Could not reach Snowflake.'), { code: 401001, sqlState: '08001' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    ]) {
      assert.equal(permanentErrorFix(err), undefined, err.message);
    }
  });
});
