import { WorkflowUpdateFailedError } from '@temporalio/client';
import { InvalidArgumentError, type Command } from 'commander';
import { TASK_QUEUE, topicsOf } from '../../config';
import { createKafka } from '../../adapters/kafka/client';
import { kafkaRulesTopic } from '../../adapters/kafka/rules-store';
import { connectTemporal, temporalClient } from '../../adapters/temporal/connection';
import { DEFAULT_RULES, type RuleSet } from '../../domain/fraud';
import { changeRules, changedSettings } from '../../domain/fraud/rules-change';
import { commandContext, type CommandContext } from '../context';
import { fraudRulesWorkflowId, setRulesThroughWorkflow, workflowRunning } from '../../temporal/fraud-rules-workflow';
import { formatTable } from '../table';

/** How long `rules set` waits for the workflow's answer. */
const WORKER_WAIT_MS = 60_000;

/** Collects `group.field=value` arguments into overrides. */
function parseRuleOverride(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected setting=value (e.g. velocity.limitUsd=1500), got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Logs a rules record the topic holds but no reader may apply. */
const warnInvalid =
  ({ log }: CommandContext) =>
  (reason: string): void =>
    log.warn({ reason }, 'skipped an invalid rules record');

/** `streamify rules show|set`: the fraud rules in force, read from and published to the compacted rules topic. */
export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('show or change the fraud rules in force (the compacted rules topic)');
  rules
    .command('show')
    .description('print the rules in force as JSON (the defaults when none were published)')
    .action(async () => {
      const context = commandContext('rules');
      const rulesTopic = kafkaRulesTopic(createKafka(context.config), context.config);
      const inForce = (await rulesTopic.latest(topicsOf(context.config).rules, warnInvalid(context))) ?? DEFAULT_RULES;
      console.log(JSON.stringify(inForce, null, 2));
    });
  rules
    .command('set')
    .description(
      'change rule settings and publish them as a new version, through the fraudRules workflow when it runs (straight to the topic otherwise), e.g. `rules set velocity.limitUsd=1500 highAmount.enabled=false`',
    )
    .argument('<setting=value...>', 'settings as group.field=value', parseRuleOverride)
    .option('--direct', 'publish straight to the rules topic, without Temporal')
    .option('--start-workflow', 'start the fraudRules workflow of the rules topic when it is not running, and go through it')
    .option('--task-queue <name>', 'task queue of the worker that runs the workflow', TASK_QUEUE)
    .action(async (overrides: Record<string, string>, flags: { direct?: boolean; startWorkflow?: boolean; taskQueue: string }) => {
      const context = commandContext('rules');
      const { previous, rules: after } =
        (flags.direct ? undefined : await setThroughWorkflow(context, overrides, flags)) ?? (await setDirectly(context, overrides));
      const changes = changedSettings(previous, after);
      if (changes.length === 0) {
        console.log(`nothing changed: version ${previous.version} already has these values`);
        return;
      }
      console.log(`published rules version ${after.version} (was ${previous.version})`);
      console.log(formatTable(['setting', 'before', 'after'], changes));
    });
}

/** The rules before and after, published straight to the topic (as the workflow's activity does); a bad setting throws a RuleSetError. */
function setDirectly(context: CommandContext, overrides: Record<string, string>): Promise<{ previous: RuleSet; rules: RuleSet }> {
  const rulesTopic = kafkaRulesTopic(createKafka(context.config), context.config);
  return changeRules(rulesTopic, topicsOf(context.config).rules, overrides, { onInvalid: warnInvalid(context) });
}

/**
 * The rules before and after, through the topic's fraudRules workflow when it runs (or is to be started), else
 * undefined. Rejected overrides throw, naming the fields.
 */
async function setThroughWorkflow(
  { config, log }: CommandContext,
  overrides: Record<string, string>,
  { taskQueue, startWorkflow }: { taskQueue: string; startWorkflow?: boolean },
): Promise<{ previous: RuleSet; rules: RuleSet } | undefined> {
  const topic = topicsOf(config).rules;
  const connection = await connectTemporal(config).catch((err: unknown) => {
    log.warn({ err }, 'Temporal is not reachable: publishing straight to the rules topic');
    return undefined;
  });
  if (connection === undefined) return undefined;
  try {
    const client = temporalClient(connection, config);
    const workflowId = fraudRulesWorkflowId(topic);
    if (startWorkflow !== true && !(await workflowRunning(client, workflowId))) {
      console.log(`workflow ${workflowId} is not running: publishing straight to ${topic} (--start-workflow starts it)`);
      return undefined;
    }
    console.log(`through workflow ${workflowId} on task queue "${taskQueue}"`);
    // An update waits for a worker; without one, say so rather than hang.
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(
            new Error(
              `no worker answered within ${WORKER_WAIT_MS / 1000} s (is \`streamify worker\` polling "${taskQueue}"?); the update stays queued in ${workflowId}`,
            ),
          ),
        WORKER_WAIT_MS,
      ).unref(),
    );
    return await Promise.race([setRulesThroughWorkflow(client, { taskQueue, topic }, overrides), timeout]);
  } catch (err) {
    // The update's failure says "Workflow Update failed"; its cause names the bad settings.
    throw err instanceof WorkflowUpdateFailedError && err.cause !== undefined ? err.cause : err;
  } finally {
    await connection.close();
  }
}
