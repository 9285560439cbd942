import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/** A `streamify worker` child process, how it ended and what it logged. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The exit code (null when a signal killed it) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logs(): string;
}

/** `streamify worker` as a child process on its own task queue, with the environment given (its lake and warehouse). */
export function startWorkerProcess(taskQueue: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['bin/streamify.js', 'worker', '--task-queue', taskQueue], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, logs: () => logs };
}

/** Resolves once the run's activity of `type` has been picked up by a worker and runs there. */
export async function activityRunning(handle: WorkflowHandle, type: string): Promise<void> {
  for (;;) {
    const { raw } = await handle.describe();
    if (raw.pendingActivities?.some((a) => a.activityType?.name === type && a.state === STARTED)) return;
    if (raw.workflowExecutionInfo?.closeTime) assert.fail(`the run closed before ${type} ran`);
    // Often enough to catch an activity of seconds; gently, since the dev server is shared.
    await sleep(20);
  }
}
