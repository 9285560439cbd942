import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSnowflakePool, type SnowflakePool } from '../../../src/adapters/snowflake/pool';
import { runStatement } from '../../../src/adapters/snowflake/statements';
import { formatHour } from '../../../src/domain/hour';
import { hourlyEtl } from '../../../src/workflows/hourly-etl';
import { uniqueHourMs, uniqueName } from '../../support/config';
import { purchaseRows, writeClosedLakeHour } from '../../support/lake-hour';
import { startSnowflakeStandIn, type SnowflakeStandIn } from '../../support/snowflake-stand-in';
import { startTestWorker, type TestWorker } from '../../support/worker';

describe('hourlyEtl with WAREHOUSE=snowflake: a real worker, the real snowflake-sdk logging in with a key pair, the stand-in', () => {
  let dir: string;
  let standIn: SnowflakeStandIn;
  let harness: TestWorker;
  let pool: SnowflakePool;
  // An hour of its own on the shared dev server: the data-quality children's ids are per dataset and hour.
  const hourStartMs = uniqueHourMs();
  const rows = purchaseRows(hourStartMs);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-snowflake-'));
    // Key-pair login, the production path: the stand-in holds the public key registered for the user.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const privateKeyFile = join(dir, 'streamify-etl.p8');
    writeFileSync(privateKeyFile, privateKey, { mode: 0o600 });
    const user = 'STREAMIFY_ETL';
    standIn = await startSnowflakeStandIn(join(dir, 'snowflake'), { user, publicKeyPem: publicKey });
    harness = await startTestWorker({
      GLUE_MODE: 'local',
      WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'streamify-test',
      SNOWFLAKE_URL: standIn.url,
      SNOWFLAKE_USER: user,
      SNOWFLAKE_PRIVATE_KEY_FILE: privateKeyFile,
    });
    pool = createSnowflakePool(harness.config);
    await writeClosedLakeHour(harness.lake, hourStartMs, rows);
  });
  after(async () => {
    await pool?.drain();
    await pool?.clear();
    await harness?.stop();
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (sqlText: string): Promise<number> =>
    Number((await pool.use((connection) => runStatement(connection, sqlText)))[0]?.N);

  it('loads a closed hour into Snowflake, records its run and data-quality results there, and a rerun changes nothing', async () => {
    const runEtl = () =>
      harness.client.workflow.execute(hourlyEtl, {
        taskQueue: harness.taskQueue,
        workflowId: uniqueName('hourly-etl-snowflake'),
        args: [{ hour: formatHour(hourStartMs), overrideWaitMs: 1_000 }],
      });

    const first = await runEtl();
    const loaded = await count('SELECT COUNT(DISTINCT TRANSACTION_ID) AS N FROM RAW_TRANSACTIONS');
    const second = await runEtl();

    assert.deepEqual([first.load.rows.RAW_TRANSACTIONS, loaded], [rows.length, rows.length]);
    assert.deepEqual(second.load.rows, first.load.rows);
    assert.equal(await count('SELECT COUNT(*) AS N FROM RAW_TRANSACTIONS'), rows.length);
    assert.equal(await count('SELECT COUNT(*) AS N FROM ETL_RUNS'), 2);
    assert.ok((await count(`SELECT COUNT(*) AS N FROM DQ_RESULTS WHERE DATASET = 'transactions'`)) > 0);
    assert.ok(standIn.logins.length > 0 && standIn.logins.every((a) => a === 'SNOWFLAKE_JWT'), `logins: ${standIn.logins.join(', ')}`);
  });
});
