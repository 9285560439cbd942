import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { localLakeStore, writeProgress, type LakeStore } from '../../../src/adapters/lake';
import { createEtlSensorActivities } from '../../../src/activities/etl-sensor';
import { ETL_FAILURES } from '../../../src/domain/etl/contract';
import { progressKey } from '../../../src/domain/lake';

const hour = '2026-11-25T12';
const hourEndMs = Date.parse('2026-11-25T13:00:00Z');

describe('the ETL sensor (waitForLakeHour)', () => {
  let dir: string;
  let lake: LakeStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamify-etl-sensor-'));
    lake = localLakeStore(`file://${dir}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const progress = (maxEventTimeMs: number) =>
    writeProgress(lake, 'transactions', {
      topic: 'sales_stream',
      partition: 0,
      maxEventTime: new Date(maxEventTimeMs).toISOString(),
      committedOffset: 1,
      updatedAt: new Date().toISOString(),
      pending: null,
    });

  it('heartbeats while the hour is open and returns once the watermark passes its end', async () => {
    await progress(hourEndMs - 60_000);
    const env = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => {
      heartbeats.push(d);
      // The lake sink catches up after the sensor has seen the open hour.
      if (heartbeats.length === 2) void progress(hourEndMs + 1_000);
    });
    const { waitForLakeHour } = createEtlSensorActivities({ lake });
    const watermark = await env.run(waitForLakeHour, { hour, deadline: new Date(Date.now() + 60_000).toISOString(), pollMs: 20 });

    assert.equal(watermark, new Date(hourEndMs + 1_000).toISOString());
    assert.ok(heartbeats.length >= 2);
    assert.match(String(heartbeats[0]), /watermark 2026-11-25T12:59:00.000Z/);
  });

  it('stops waiting when the activity is cancelled', async () => {
    const env = new MockActivityEnvironment();
    env.on('heartbeat', () => env.cancel());
    const { waitForLakeHour } = createEtlSensorActivities({ lake });
    await assert.rejects(
      env.run(waitForLakeHour, { hour, deadline: new Date(Date.now() + 60_000).toISOString(), pollMs: 10_000 }),
      (err: unknown) => err instanceof CancelledFailure,
    );
  });

  it('fails for good at once, naming the file, when a progress file is corrupt', async () => {
    const key = progressKey('transactions', 'sales_stream', 0);
    await lake.put(key, '{"topic": "sales_stream", "partition": 0, "maxEvent');
    const { waitForLakeHour } = createEtlSensorActivities({ lake });
    const err = await new MockActivityEnvironment()
      .run(waitForLakeHour, { hour, deadline: new Date(Date.now() + 60_000).toISOString(), pollMs: 10 })
      .then(
        () => assert.fail('the sensor should have failed'),
        (e: unknown) => e,
      );

    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable, err.details], [ETL_FAILURES.corruptProgress, true, [{ file: key }]]);
    assert.ok(err.message.includes(key), err.message);
  });

  it('fails for good with a progress file that is JSON but no progress record', async () => {
    const key = progressKey('transactions', 'sales_stream', 1);
    await lake.put(key, JSON.stringify({ topic: 'sales_stream', partition: 1, maxEventTime: 'yesterday' }));
    const { waitForLakeHour } = createEtlSensorActivities({ lake });
    await assert.rejects(
      new MockActivityEnvironment().run(waitForLakeHour, { hour, deadline: new Date(Date.now() + 60_000).toISOString(), pollMs: 10 }),
      (err: unknown) => err instanceof ApplicationFailure && err.type === ETL_FAILURES.corruptProgress && err.message.includes(key),
    );
  });

  it('reads again while the reads throw, and stops at the deadline naming the last error', async () => {
    let reads = 0;
    // A lake that cannot be listed: every read of the watermark throws, as an unreachable S3 endpoint would.
    const unreachable: LakeStore = {
      ...lake,
      list: () => Promise.reject(new Error(`connect ECONNREFUSED 127.0.0.1:9 (read ${++reads})`)),
    };
    const { waitForLakeHour } = createEtlSensorActivities({ lake: unreachable });
    const deadline = new Date(Date.now() + 300).toISOString();
    const err = await new MockActivityEnvironment().run(waitForLakeHour, { hour, deadline, pollMs: 20 }).then(
      () => assert.fail('the sensor should have failed'),
      (e: unknown) => e,
    );

    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.deepEqual([err.type, err.nonRetryable], [ETL_FAILURES.hourNotClosed, true]);
    assert.ok(reads >= 2, `the sensor read ${reads} times`);
    assert.ok(err.message.includes(`ECONNREFUSED 127.0.0.1:9 (read ${reads})`), err.message);
    assert.ok(err.message.includes(deadline), err.message);
  });
});
