import assert from 'node:assert/strict';
import { createLogger } from '../../../src/log';
import { supervise, type RestartPolicy, type Supervised } from '../../../src/streaming/supervise';

const FAST: RestartPolicy = { initialDelayMs: 1, maxDelayMs: 4, stableAfterMs: 60_000, maxFailuresInARow: 4 };

/** A fake consumer: `stopped` settles when it is stopped, or rejects when the test makes it fail. */
class FakeConsumer {
  fail!: (err: Error) => void;
  stopCalls = 0;
  private end!: () => void;
  readonly stopped = new Promise<void>((resolve, reject) => {
    this.end = resolve;
    this.fail = reject;
  });
  stop(): Promise<void> {
    this.stopCalls += 1;
    this.end();
    return this.stopped.catch(() => undefined);
  }
}

const log = createLogger({ logLevel: 'silent', logFormat: 'json' }, 'test');

/** Waits until the supervisor has started a consumer beyond `count`. */
async function startedMoreThan(started: FakeConsumer[], count: number): Promise<FakeConsumer> {
  while (started.length <= count) await new Promise((r) => setTimeout(r, 1));
  return started[count]!;
}

/** Supervises fake consumers under FAST, each one started pushed to `started`. */
function superviseFakes(name: string, started: FakeConsumer[], onRestart?: (err: unknown) => void): Promise<Supervised<FakeConsumer>> {
  return supervise({
    name,
    start: async () => {
      const c = new FakeConsumer();
      started.push(c);
      return c;
    },
    stoppedOf: (c) => c.stopped,
    stopOf: (c) => c.stop(),
    log,
    policy: FAST,
    onRestart,
  });
}

describe('supervise: one consumer’s failure restarts it, not the process', () => {
  it('starts a failed consumer again, with the restart counted, and stops the latest one', async () => {
    const started: FakeConsumer[] = [];
    const restarted: unknown[] = [];
    const s = await superviseFakes('analytics', started, (err) => restarted.push(err));
    started[0]!.fail(new Error('message too large'));
    const second = await startedMoreThan(started, 1);
    assert.equal(s.current(), second);
    assert.equal(s.restarts(), 1);
    assert.equal((restarted[0] as Error).message, 'message too large');
    await s.stop();
    assert.equal(second.stopCalls, 1);
    assert.equal(started.length, 2, 'no start after stop');
  });

  it('gives up after failures in a row, naming the consumer and the reason', async () => {
    const started: FakeConsumer[] = [];
    const s = await superviseFakes('analytics', started);
    for (let i = 0; i < FAST.maxFailuresInARow; i++) {
      const c = await startedMoreThan(started, i);
      c.fail(new Error('The request included a message larger than the max message size the server will accept'));
    }
    await assert.rejects(
      s.failed,
      /the analytics consumer failed 4 times in a row, the last time with: The request included a message larger/,
    );
    assert.equal(started.length, FAST.maxFailuresInARow);
    await s.stop();
  });

  it('treats a consumer that stops by itself as failed', async () => {
    const started: FakeConsumer[] = [];
    const s = await superviseFakes('lake', started);
    void started[0]!.stop();
    await startedMoreThan(started, 1);
    assert.equal(s.restarts(), 1);
    await s.stop();
  });
});

describe('supervise: starting', () => {
  it('tries a first start that fails again, and names the consumer when it never starts', async () => {
    let attempts = 0;
    const flaky = await supervise({
      name: 'fraud',
      start: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('This server is not the leader for that topic-partition');
        return new FakeConsumer();
      },
      stoppedOf: (c) => c.stopped,
      stopOf: (c) => c.stop(),
      log,
      policy: FAST,
    });
    assert.equal(attempts, 3);
    assert.equal(flaky.restarts(), 0);
    await flaky.stop();
    await assert.rejects(
      supervise({
        name: 'lake',
        start: () => Promise.reject(new Error('no such bucket')),
        stoppedOf: (c: FakeConsumer) => c.stopped,
        stopOf: (c) => c.stop(),
        log,
        policy: FAST,
      }),
      /the lake consumer did not start in 4 attempts, the last time with: no such bucket/,
    );
  });
});
