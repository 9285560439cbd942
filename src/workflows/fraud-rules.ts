import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  DEFAULT_UPDATES_PER_RUN,
  INVALID_RULES,
  unknownRulePaths,
  type FraudRulesInput,
  type RulesChange,
} from '../domain/fraud/rules-control';
import type { RuleSet } from '../domain/fraud/rules';

const { loadRulesInForce, publishRuleOverrides } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // A broker that is briefly away is retried for about two minutes; invalid rules fail at once (non-retryable).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
});

/** Changes rule settings (`group.field` → value, e.g. `{"velocity.limitUsd": "1500"}`) and publishes the next version. */
export const setRulesUpdate = defineUpdate<RulesChange, [Record<string, string>]>('setRules');
/** The rules in force, with their version. */
export const rulesQuery = defineQuery<RuleSet | undefined>('rules');

function isOverrides(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * The one long-running holder of the fraud rules (workflow id `fraud-rules`). It starts from the rules it is given
 * (a previous run's) or the topic's latest (the defaults when none). Each `setRules` update is validated and
 * published as the next version to the compacted rules topic, which the fraud consumers follow; a bad setting or
 * value rejects the update with the fields named and changes nothing. Updates apply one at a time, in order. After
 * `updatesPerRun` accepted ones it continues as new with the rules it holds.
 */
export async function fraudRules(input: FraudRulesInput = {}): Promise<never> {
  let rules: RuleSet | undefined = input.rules;
  let busy = false;
  let accepted = 0;
  setHandler(rulesQuery, () => rules);
  setHandler(
    setRulesUpdate,
    async (overrides) => {
      await condition(() => rules !== undefined && !busy);
      busy = true;
      try {
        const change = await publishRuleOverrides({ current: rules as RuleSet, overrides, topic: input.topic });
        rules = change.rules;
        if (change.published) accepted += 1;
        return change;
      } catch (err) {
        const cause = err instanceof ActivityFailure ? err.cause : undefined;
        if (cause instanceof ApplicationFailure && cause.type === INVALID_RULES) {
          throw ApplicationFailure.create({
            type: INVALID_RULES,
            message: cause.message,
            nonRetryable: true,
            details: cause.details ?? undefined,
          });
        }
        throw err;
      } finally {
        busy = false;
      }
    },
    {
      validator: (overrides) => {
        if (!isOverrides(overrides) || Object.keys(overrides).length === 0) {
          throw new Error('setRules takes a non-empty map of "group.field" to string values, e.g. {"velocity.limitUsd": "1500"}');
        }
        const unknown = unknownRulePaths(overrides);
        if (unknown.length > 0) throw new Error(`no such rule setting: ${unknown.join(', ')}`);
      },
    },
  );
  rules ??= await loadRulesInForce({ topic: input.topic });
  const updatesPerRun = input.updatesPerRun ?? DEFAULT_UPDATES_PER_RUN;
  await condition(() => accepted >= updatesPerRun && !busy && allHandlersFinished());
  return continueAsNew<typeof fraudRules>({ ...input, rules, updatesPerRun });
}
