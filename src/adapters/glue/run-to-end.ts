import { setTimeout as sleep } from 'node:timers/promises';
import { glueRunOutcome, isReusableRun, isRunOf, type GlueRunKey } from '../../domain/etl/glue-run';
import type { GlueJobRuns, GlueRun } from './job-runs';

/** A run that ended in FAILED, TIMEOUT, ERROR, STOPPED (or a state unknown here): permanent, with Glue's message. */
export class GlueRunFailedError extends Error {
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
}

/**
 * Runs the job for a key to a terminal state and resolves to the run's id. A run of the same key that is under way
 * or succeeded is adopted instead of starting another, so a retried activity never runs the transform twice.
 */
export async function runGlueJobToEnd(glue: GlueJobRuns, request: GlueRunRequest): Promise<string> {
  const { jobName, key } = request;
  const existing = (await glue.recentRuns(jobName)).find((r) => isRunOf(key, r.arguments) && isReusableRun(r.state));
  const runId = existing?.id ?? (await glue.start(jobName, request.arguments));
  for (;;) {
    const run = await glue.get(jobName, runId);
    request.onPoll?.(run);
    const outcome = glueRunOutcome(run.state);
    if (outcome === 'succeeded') return runId;
    if (outcome === 'failed') throw new GlueRunFailedError(jobName, run);
    await sleep(request.pollMs);
  }
}
