import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { localLakeStore, writeProgress, type LakeStore } from '../../../src/adapters/lake';
import { createEtlSensorActivities } from '../../../src/activities/etl-sensor';

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
});
