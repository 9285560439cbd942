import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';

/** How a supervised consumer is restarted after it fails. */
export interface RestartPolicy {
  /** Wait before the first restart; doubled after each failure in a row, up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A run that lasted this long before failing starts the count of failures in a row again. */
  readonly stableAfterMs: number;
  /** Failures in a row after which the supervisor gives up (and `failed` rejects). */
  readonly maxFailuresInARow: number;
  /** Attempts at the first start (a new topic's leader may not be known for a moment); default maxFailuresInARow. */
  readonly startAttempts?: number;
}

/** Restarts after 1 s, 2 s, 4 s … up to 30 s; gives up after 8 failures in a row (about two minutes). */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxFailuresInARow: 8,
};

/** One consumer of a process, started again from its committed offsets each time it fails. */
export interface Supervised<T> {
  /** The running instance (the latest one after a restart). */
  current(): T;
  /** How many times it was started again. */
  restarts(): number;
  /** Rejects, naming the consumer and its last error, once the supervisor gives up; never resolves. */
  readonly failed: Promise<never>;
  /** Stops the consumer and the supervision; settles once it has stopped. */
  stop(): Promise<void>;
}

export interface SuperviseOptions<T> {
  /** What the logs and the give-up error call it, e.g. "analytics". */
  readonly name: string;
  /** Starts an instance: a new consumer in the same group, so it resumes from the group's committed offsets. */
  readonly start: () => Promise<T>;
  /** Settles when the instance stops: rejects when it failed. */
  readonly stoppedOf: (instance: T) => Promise<unknown>;
  readonly stopOf: (instance: T) => Promise<unknown>;
  readonly log: Logger;
  readonly policy?: RestartPolicy;
  /** Called before each restart, with the error that ended the last run. */
  readonly onRestart?: (err: unknown) => void;
}

/**
 * Runs a consumer so that its failure does not take the process's other consumers with it: each failure (or stop
 * it did not ask for) is logged with the consumer's name and reason and the consumer started again, with backoff.
 * Too many failures in a row, and `failed` rejects with the name and the last reason, for the process to exit on.
 * A first start that fails (e.g. a new topic's leader not known yet) is retried alike; one that never succeeds
 * rejects with the name and reason.
 */
export async function supervise<T>(o: SuperviseOptions<T>): Promise<Supervised<T>> {
  const policy = o.policy ?? DEFAULT_RESTART_POLICY;
  let instance = await firstStart(o, policy);
  let restarts = 0;
  let stopping = false;
  const stopSleeping = new AbortController();
  let giveUp!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (giveUp = reject));
  failed.catch(() => undefined);

  const loop = (async (): Promise<void> => {
    let failuresInARow = 0;
    let startedAtMs = Date.now();
    for (;;) {
      const err = await o.stoppedOf(instance).then(
        () => new Error(`the ${o.name} consumer stopped by itself`),
        (e: unknown) => e,
      );
      if (stopping) return;
      failuresInARow = Date.now() - startedAtMs >= policy.stableAfterMs ? 1 : failuresInARow + 1;
      if (failuresInARow >= policy.maxFailuresInARow) {
        o.log.error({ err, consumer: o.name, failuresInARow }, `the ${o.name} consumer keeps failing; giving up`);
        giveUp(givingUp(o.name, failuresInARow, err));
        return;
      }
      o.log.error(
        { err, consumer: o.name, failuresInARow, delayMs: backoffMs(policy, failuresInARow) },
        `the ${o.name} consumer failed (${reasonOf(err)}); restarting it from its committed offsets`,
      );
      o.onRestart?.(err);
      // A start that fails counts as a failure of its own, with a longer wait before the next.
      for (;;) {
        await sleep(backoffMs(policy, failuresInARow), undefined, { signal: stopSleeping.signal }).catch(() => undefined);
        if (stopping) return;
        try {
          startedAtMs = Date.now();
          const started = await o.start();
          if (stopping) {
            await o.stopOf(started);
            return;
          }
          instance = started;
          restarts += 1;
          break;
        } catch (startErr) {
          failuresInARow += 1;
          o.log.error({ err: startErr, consumer: o.name, failuresInARow }, `the ${o.name} consumer did not start again`);
          if (failuresInARow >= policy.maxFailuresInARow) {
            giveUp(givingUp(o.name, failuresInARow, startErr));
            return;
          }
        }
      }
    }
  })();

  return {
    current: () => instance,
    restarts: () => restarts,
    failed,
    stop: async () => {
      stopping = true;
      stopSleeping.abort();
      await o.stopOf(instance);
      await loop;
    },
  };
}

/** Starts the first instance, retrying with the policy's backoff. */
async function firstStart<T>(o: SuperviseOptions<T>, policy: RestartPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await o.start();
    } catch (err) {
      if (attempt >= (policy.startAttempts ?? policy.maxFailuresInARow)) {
        throw new Error(`the ${o.name} consumer did not start in ${attempt} attempts, the last time with: ${reasonOf(err)}`, {
          cause: err,
        });
      }
      const delayMs = backoffMs(policy, attempt);
      o.log.warn({ err, consumer: o.name, attempt, delayMs }, `the ${o.name} consumer did not start (${reasonOf(err)}); trying again`);
      await sleep(delayMs);
    }
  }
}

/** The wait before the next start after `failures` failures in a row: doubling from the first, up to the cap. */
function backoffMs(policy: RestartPolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failures - 1));
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What `failed` rejects with: the consumer, how often in a row, and the last reason. */
function givingUp(name: string, failuresInARow: number, err: unknown): Error {
  return new Error(`the ${name} consumer failed ${failuresInARow} times in a row, the last time with: ${reasonOf(err)}`, { cause: err });
}
