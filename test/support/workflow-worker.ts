import type { WorkflowInfo } from '@temporalio/workflow';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import type { LoggerSinks } from '@temporalio/workflow';
import { createActivities, type ActivityDeps } from '../../src/activities';

/** One line a workflow logged (`log.warn(…)` in workflow code), with the workflow that logged it. */
export interface WorkflowLogLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  readonly workflowId: string;
  readonly message: string;
  readonly attrs: Record<string, unknown> | undefined;
}

/** A running worker whose workflow code and extra activities the test chose, and what its workflows logged. */
export interface WorkflowWorker {
  /** Workflow log lines as they came (the SDK logs nothing while replaying). */
  readonly logs: WorkflowLogLine[];
  stop(): Promise<void>;
}

/** What the worker runs: a workflows module (the real one or a fixture), the real activities plus extra ones. */
export interface WorkflowWorkerSetup {
  readonly taskQueue: string;
  readonly deps: ActivityDeps;
  readonly workflowsPath: string;
  readonly extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/**
 * Starts a worker on `taskQueue` like `streamify worker` does, but with the given workflow code: a deploy is a worker
 * of new code taking over the task queue of the old one. Its workflows' log lines are kept for assertions.
 */
export async function startWorkflowWorker(setup: WorkflowWorkerSetup): Promise<WorkflowWorker> {
  const logs: WorkflowLogLine[] = [];
  const keep =
    (level: WorkflowLogLine['level']) =>
    (info: WorkflowInfo, message: string, attrs?: Record<string, unknown>): void =>
      void logs.push({ level, workflowId: info.workflowId, message, attrs });
  // The SDK routes workflow logs to the sink registered under this (deprecated, still honoured) name.
  const sinks: InjectedSinks<LoggerSinks> = {
    defaultWorkerLogger: {
      trace: { fn: keep('trace') },
      debug: { fn: keep('debug') },
      info: { fn: keep('info') },
      warn: { fn: keep('warn') },
      error: { fn: keep('error') },
    },
  };
  const connection = await NativeConnection.connect({ address: setup.deps.config.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: setup.deps.config.temporalNamespace,
    taskQueue: setup.taskQueue,
    workflowsPath: setup.workflowsPath,
    activities: { ...createActivities(setup.deps), ...setup.extraActivities },
    sinks,
    // A test's worker goes at once: an activity under way is cancelled and retried by the next worker.
    shutdownGraceTime: '1 second',
  });
  const running = worker.run();
  return {
    logs,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
