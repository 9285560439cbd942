import assert from 'node:assert/strict';
import { interruptible } from '../../src/adapters/duckdb/interruptible';
import { withDuckDb } from '../../src/adapters/duckdb/open';

/** A query that runs for many minutes unless it is interrupted: a sum over a hundred billion generated rows. */
const ENDLESS_QUERY = 'SELECT sum(range) FROM range(100000000000)';

describe('interruptible DuckDB work', () => {
  it('interrupts the query under way when the signal aborts, and rejects with the signal’s reason', async function () {
    // Uninterrupted, the query would run for many minutes: fail well before.
    this.timeout(60_000);
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    const outcome = await withDuckDb(':memory:', (db) =>
      interruptible(db, controller.signal, async () => {
        const query = db.run(ENDLESS_QUERY);
        // Abort as the query starts: an interrupt before DuckDB has begun it is repeated until it lands.
        await new Promise((resolve) => setImmediate(resolve));
        controller.abort(reason);
        await query;
        return 'finished';
      }).catch((err: unknown) => err),
    );
    assert.equal(outcome, reason);
  });

  it('does not start when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already cancelled'));
    let ran = false;
    await assert.rejects(
      withDuckDb(':memory:', (db) => interruptible(db, controller.signal, () => Promise.resolve((ran = true)))),
      /already cancelled/,
    );
    assert.equal(ran, false);
  });

  it('leaves the error of a failing statement as it is when nothing aborted', async () => {
    await assert.rejects(
      withDuckDb(':memory:', (db) => interruptible(db, new AbortController().signal, () => db.run('SELECT * FROM no_such_table'))),
      /Catalog Error/,
    );
  });
});
