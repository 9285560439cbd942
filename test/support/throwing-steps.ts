import { PANE_STEPS, type PaneSteps } from '../../src/streaming/analytics-stream';
import { FRAUD_STEPS, type FraudSteps } from '../../src/streaming/fraud-stream';
import { InjectedBug, POISON } from './injected-bug';

export { POISON } from './injected-bug';

/** The fraud consumer's steps, whose detection throws on a poisoned purchase. */
export const THROWING_FRAUD_STEPS: FraudSteps = {
  ...FRAUD_STEPS,
  detect: (engine, tx, nowMs, emit) => {
    if (tx.product_name === POISON) throw new InjectedBug();
    return FRAUD_STEPS.detect(engine, tx, nowMs, emit);
  },
};

/** The pane stage's steps, whose adding throws on a poisoned purchase. */
export const THROWING_PANE_STEPS: PaneSteps = {
  ...PANE_STEPS,
  add: (builder, input) => {
    if (input.kind === 'purchase' && input.event.product_name === POISON) throw new InjectedBug();
    return PANE_STEPS.add(builder, input);
  },
};

/** The body of a lake rows thread whose row step throws on a poisoned purchase. */
export const THROWING_LAKE_ROWS_WORKER = require.resolve('./throwing-lake-rows-worker');
