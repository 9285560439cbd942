import { type Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { workflowWebUiUrl } from '../adapters/temporal/web-ui';
import type { Config } from '../config';

/**
 * Starts a workflow under its deterministic id, or joins the run of that id already going (USE_EXISTING: Temporal
 * decides atomically, so two callers at the same moment get one run); prints the Web UI page either way, and reminds
 * that a worker must poll the task queue.
 */
export async function startOrAttach<W extends Workflow>(
  client: Client,
  config: Config,
  workflow: W,
  options: WorkflowStartOptions<W>,
): Promise<WorkflowHandle<W>> {
  const { workflowId, taskQueue } = options;
  const handle = await client.workflow.start(workflow, { ...options, workflowIdConflictPolicy: 'USE_EXISTING' } as WorkflowStartOptions<W>);
  console.log(`${workflowId} (run ${handle.firstExecutionRunId}): ${workflowWebUiUrl(config, workflowId)}`);
  console.log(`(a worker must poll task queue "${taskQueue}": streamify worker)`);
  return handle;
}
