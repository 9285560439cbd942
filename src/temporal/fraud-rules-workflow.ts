import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { settings } from '../config/settings';
import { FRAUD_RULES_WORKFLOW_ID, type RulesChange } from '../domain/fraud/rules-control';
import { fraudRules, setRulesUpdate } from '../workflows/fraud-rules';

/** Where the `fraudRules` workflow of a rules topic runs. */
export interface FraudRulesTarget {
  readonly taskQueue: string;
  /** The rules topic; the workflow publishes there, whatever the worker's KAFKA_TOPIC_RULES says. */
  readonly topic: string;
  /** Default: fraudRulesWorkflowId(topic). */
  readonly workflowId?: string;
}

/** One `fraudRules` workflow holds each rules topic: `fraud-rules` for the default topic, `fraud-rules:<topic>` for others. */
export function fraudRulesWorkflowId(topic: string): string {
  return topic === settings.topicRules.default ? FRAUD_RULES_WORKFLOW_ID : `${FRAUD_RULES_WORKFLOW_ID}:${topic}`;
}

/** Whether the workflow runs now. */
export async function workflowRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Sends a `setRules` update to the topic's `fraudRules` workflow, starting it first when it is not running (one
 * update-with-start call), and waits for the outcome. Rejected overrides throw a WorkflowUpdateFailedError whose
 * cause names the fields.
 */
export function setRulesThroughWorkflow(client: Client, target: FraudRulesTarget, overrides: Record<string, string>): Promise<RulesChange> {
  const startWorkflowOperation = new WithStartWorkflowOperation(fraudRules, {
    workflowId: target.workflowId ?? fraudRulesWorkflowId(target.topic),
    taskQueue: target.taskQueue,
    args: [{ topic: target.topic }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: `The fraud rules of topic ${target.topic}: validates changes and publishes each accepted version`,
  });
  return client.workflow.executeUpdateWithStart(setRulesUpdate, { args: [overrides], startWorkflowOperation });
}
