import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';

/**
 * Runs a person's action as an update and returns the workflow's answer. A rejected action becomes an Error carrying
 * the workflow's own reason (the CLI prints it and exits 1), not the SDK's "Workflow Update failed".
 */
export async function executeHumanUpdate<Ret, Arg>(handle: WorkflowHandle, update: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
  try {
    return await handle.executeUpdate(update, { args: [arg] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new Error(`${update.name} refused by ${handle.workflowId}: ${err.cause?.message ?? err.message}`, { cause: err });
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new Error(`${update.name}: ${handle.workflowId} is not running (${err.message})`, { cause: err });
    }
    throw err;
  }
}
