import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { humanAction } from './human-action';
import { gateDetails } from '../domain/quality/current-details';
import {
  DEFAULT_OVERRIDE_WAIT_MS,
  GATE_FAILED,
  INVALID_GATE_INPUT,
  INVALID_OVERRIDE,
  checkGateInput,
  checkOverride,
  type AcceptedOverride,
  type DataQualityInput,
  type DataQualityResult,
  type DataQualityStatus,
  type GateOutcome,
  type Override,
} from '../domain/quality/gate';
import { QUALITY_SEARCH_ATTRIBUTES } from '../domain/quality/search-attributes';

// A lake or warehouse that is briefly unreachable (or a warehouse file another process holds) is retried for
// about six minutes (1 s doubling to 2 min, ten attempts) before the gate gives up.
const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 } as const;

const { checkLakeHour, quarantineLakeHour, releaseLakeHour } = proxyActivities<Activities>({
  // An hour of a busy shop is a few hundred MB of Parquet: minutes to copy and check, not hours.
  startToCloseTimeout: '15 minutes',
  // These heartbeat on a timer (withHeartbeats): a dead worker is noticed in a minute, not at the start-to-close.
  heartbeatTimeout: '1 minute',
  retry,
});
// One small write that does not heartbeat: a heartbeat timeout would fail it whenever it took over a minute.
const { recordQualityOverride } = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry });

// A namespace that cannot answer in five attempts (about 15 s) gets no gate-state attribute: the gate goes on without it.
const { qualitySearchAttributesReady } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Patch: the gate asks whether DataQualityGateState is registered (a new activity), then keeps it up to date (upserts). */
const GATE_STATE_PATCH = 'data-quality-gate-state-attribute';
const gateStateKey = defineSearchAttributeKey(QUALITY_SEARCH_ATTRIBUTES.gateState, SearchAttributeType.KEYWORD);

/** An operator releases a quarantined hour despite its failed checks; the reason and author are recorded. */
export const overrideSignal = defineSignal<[Override]>('override');
/** `override` as an update: the override as accepted, or an error that says why not (input, phase, released already). */
export const overrideUpdate = defineUpdate<AcceptedOverride, [Override]>('override');
/** Where the gate is, what it found, and until when a quarantined hour waits for an override. */
export const statusQuery = defineQuery<DataQualityStatus>('status');

/**
 * The data-quality gate of one dataset's hour in the lake's raw zone. The hour passes when no error-level check
 * fails (warn-level failures are recorded and reported). Otherwise its files go to quarantine and the gate waits
 * for an `override` signal until a deadline: with one it moves the files back and returns `released`, without one
 * it fails with a non-retryable `DataQualityGateFailed` that names the failed checks.
 */
export async function dataQuality(input: DataQualityInput): Promise<DataQualityResult> {
  try {
    checkGateInput(input);
  } catch (err) {
    throw ApplicationFailure.nonRetryable((err as Error).message, INVALID_GATE_INPUT);
  }
  const { dataset, hour } = input;
  const info = workflowInfo();
  const gate = { dataset, hour, runId: `${info.workflowId}/${info.runId}` };
  let status: DataQualityStatus = { dataset, hour, phase: 'checking', quarantinedFiles: 0 };
  let override: AcceptedOverride | undefined;
  // DataQualityGateState, once the namespace is known to have it (setting an unregistered one fails the task).
  let gateStateAttribute = false;
  let shownPhase: DataQualityStatus['phase'] | undefined;
  const show = (): void => {
    setCurrentDetails(gateDetails(status));
    if (!gateStateAttribute || status.phase === shownPhase) return;
    upsertSearchAttributes([{ key: gateStateKey, value: status.phase }]);
    shownPhase = status.phase;
  };
  setHandler(statusQuery, () => status);
  // The signal (the Web UI's "Send a Signal") and the update (the CLI) take the same check (humanAction).
  const accept = (parsed: Override): AcceptedOverride => {
    override = { ...parsed, at: new Date().toISOString() };
    status = { ...status, override };
    return override;
  };
  const overrideAction = humanAction({
    name: 'override',
    refusedType: INVALID_OVERRIDE,
    check: (value) => checkOverride(value, status),
    apply: accept,
    where: () => ({ phase: status.phase }),
  });
  setHandler(overrideSignal, overrideAction.signal);
  setHandler(overrideUpdate, overrideAction.update, { validator: overrideAction.validator });

  if (patched(GATE_STATE_PATCH)) {
    try {
      gateStateAttribute = await qualitySearchAttributesReady();
    } catch (err) {
      log.warn('gate state attribute left unset: the namespace did not answer', { error: (err as Error).message });
    }
  }
  show();

  const check = await checkLakeHour.executeWithOptions({ summary: `run the ${dataset} checks on ${hour}` }, [gate]);
  status = { ...status, check };
  const finish = (outcome: GateOutcome, quarantinedFiles: number): DataQualityResult => {
    status = { ...status, phase: outcome };
    show();
    return { dataset, hour, outcome, check, quarantinedFiles, ...(override === undefined ? {} : { override }) };
  };
  if (check.files === 0) return finish('empty', 0);
  if (check.summary.gatePassed) {
    // A rerun over an hour an earlier gate quarantined: the files pass now, so they go back.
    if (check.quarantinedFiles > 0)
      await releaseLakeHour.executeWithOptions({ summary: `release ${dataset} ${hour} from quarantine` }, [gate]);
    return finish('passed', check.quarantinedFiles);
  }

  status = { ...status, phase: 'quarantining' };
  show();
  const quarantinedFiles = await quarantineLakeHour.executeWithOptions({ summary: `quarantine ${dataset} ${hour}` }, [
    { ...gate, failedChecks: check.failedChecks },
  ]);
  status = { ...status, quarantinedFiles };
  if (input.waitForOverride !== false) {
    const waitMs = input.overrideWaitMs ?? DEFAULT_OVERRIDE_WAIT_MS;
    status = { ...status, phase: 'awaiting-override', overrideDeadline: new Date(Date.now() + waitMs).toISOString() };
    show();
    await condition(() => override !== undefined, waitMs);
  }
  if (override === undefined) {
    status = { ...status, phase: 'failed' };
    show();
    throw ApplicationFailure.create({
      type: GATE_FAILED,
      nonRetryable: true,
      message: `${dataset} ${hour} failed error-level checks: ${check.failedChecks.join(', ')}; ${quarantinedFiles} files stay in quarantine`,
      details: [check],
    });
  }

  status = { ...status, phase: 'releasing' };
  show();
  await recordQualityOverride.executeWithOptions({ summary: `record the override of ${dataset} ${hour}` }, [{ ...gate, override }]);
  await releaseLakeHour.executeWithOptions({ summary: `release ${dataset} ${hour} from quarantine` }, [gate]);
  return finish('released', quarantinedFiles);
}
