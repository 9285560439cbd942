import { setTimeout as sleep } from 'node:timers/promises';
import { glueRunOutcome, isReusableRun, isRunOf, type GlueRunKey } from '../../domain/etl/glue-run';
import { TransformJobFailedError } from '../transform/engine';
import type { GlueJobRuns, GlueRun } from './job-runs';

/** A run that ended in FAILED, TIMEOUT, ERROR, STOPPED (or a state unknown here): permanent, with Glue's message. */
export class GlueRunFailedError extends TransformJobFailedError {
  constructor(
    readonly jobName: string,
    readonly run: GlueRun,
  ) {
    super(`Glue job ${jobName} run ${run.id} ended ${run.state ?? 'in no state'}: ${run.errorMessage ?? 'no error message'}`);
    this.name = 'GlueRunFailedError';
  }
}

/** How a run is started and watched. */
export interface GlueRunRequest {
  readonly jobName: string;
  readonly key: GlueRunKey;
  readonly arguments: Readonly<Record<string, string>>;
  readonly pollMs: number;
  /** Called with each state seen: the activity heartbeats here. */
  readonly onPoll?: (run: GlueRun) => void;
  /** Ends the wait (rejecting with the signal's reason); the run is stopped unless `stopOnAbort` says otherwise. */
  readonly signal?: AbortSignal;
  /**
   * Whether an abort should stop the run (default: yes). A worker shutting down leaves it running, so that the
   * activity's retry on another worker adopts it instead of starting the transform again.
   */
  readonly stopOnAbort?: (reason: unknown) => boolean;
}

/**
 * Stops the run; a run that has already ended needs no stop, so Glue refusing to stop it is no error. Resolves to the
 * state the run is in afterwards (STOPPING, STOPPED or the state it ended in).
 */
export async function stopGlueRun(glue: GlueJobRuns, jobName: string, runId: string): Promise<string | undefined> {
  try {
    await glue.stop(jobName, runId);
  } catch (err) {
    const run = await glue.get(jobName, runId);
    if (glueRunOutcome(run.state) === 'running' && run.state !== 'STOPPING') throw err;
  }
  return (await glue.get(jobName, runId)).state;
}

/**
 * Runs the job for a key to a terminal state and resolves to the run's id. A run of the same key that is under way
 * or succeeded is adopted instead of starting another, so a retried activity never runs the transform twice. When
 * the signal aborts, the run is stopped (see `stopOnAbort`) and the call rejects with the signal's reason.
 */
export async function runGlueJobToEnd(glue: GlueJobRuns, request: GlueRunRequest): Promise<string> {
  const { jobName, key, signal } = request;
  const existing = (await glue.recentRuns(jobName)).find((r) => isRunOf(key, r.arguments) && isReusableRun(r.state));
  const runId = existing?.id ?? (await glue.start(jobName, request.arguments));
  try {
    for (;;) {
      signal?.throwIfAborted();
      const run = await glue.get(jobName, runId);
      request.onPoll?.(run);
      const outcome = glueRunOutcome(run.state);
      if (outcome === 'succeeded') return runId;
      if (outcome === 'failed') throw new GlueRunFailedError(jobName, run);
      await sleep(request.pollMs, undefined, signal ? { signal } : {});
    }
  } catch (err) {
    if (!signal?.aborted) throw err;
    if (request.stopOnAbort?.(signal.reason) ?? true) await stopGlueRun(glue, jobName, runId);
    throw signal.reason;
  }
}
