import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { workflowWebUiUrl } from '../adapters/temporal/web-ui';
import { TASK_QUEUE, type Config } from '../config';

/**
 * Starts a workflow under its deterministic id, or attaches to the run of that id already going; prints the Web UI
 * page either way, and reminds that a worker must poll the task queue.
 */
export async function startOrAttach<W extends Workflow>(
  client: Client,
  config: Config,
  workflow: W,
  options: Omit<WorkflowStartOptions<W>, 'taskQueue'>,
): Promise<WorkflowHandle<W>> {
  const { workflowId } = options;
  let handle: WorkflowHandle<W>;
  try {
    handle = await client.workflow.start(workflow, { ...options, taskQueue: TASK_QUEUE } as WorkflowStartOptions<W>);
    console.log(`started ${workflowId}: ${workflowWebUiUrl(config, workflowId)}`);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    handle = client.workflow.getHandle<W>(workflowId);
    console.log(`${workflowId} is already running; waiting for it: ${workflowWebUiUrl(config, workflowId)}`);
  }
  console.log(`(a worker must poll task queue "${TASK_QUEUE}": streamify worker)`);
  return handle;
}
