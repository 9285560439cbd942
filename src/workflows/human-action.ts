import { ApplicationFailure, log } from '@temporalio/workflow';

/** How a person's action is checked and applied, and what the log says of the workflow when a signal is ignored. */
export interface HumanActionOptions<T, R> {
  /** The signal's and the update's name, e.g. "acknowledge". */
  readonly name: string;
  /** Failure type of a refused update. */
  readonly refusedType: string;
  /** Throws an Error whose message says why the input or the moment is wrong; else the input as accepted. */
  readonly check: (value: unknown) => T;
  readonly apply: (input: T) => R;
  /** Where the workflow is, logged beside an ignored signal's reason. */
  readonly where: () => Record<string, unknown>;
}

/**
 * A person's action as a signal (the Web UI's "Send a Signal") and an update of the same name (the CLI), decided by
 * one check: the update answers a refusal with its reason, the signal logs what it ignored and why.
 */
export function humanAction<T, R>(o: HumanActionOptions<T, R>) {
  const checked = (value: unknown): T => {
    try {
      return o.check(value);
    } catch (err) {
      throw ApplicationFailure.create({ message: (err as Error).message, type: o.refusedType, nonRetryable: true });
    }
  };
  return {
    signal: (value: unknown): void => {
      let input: T;
      try {
        input = o.check(value);
      } catch (err) {
        log.warn(`${o.name} ignored`, { ...o.where(), reason: (err as Error).message });
        return;
      }
      o.apply(input);
    },
    update: (value: unknown): R => o.apply(checked(value)),
    validator: (value: unknown): void => void checked(value),
  };
}
