/** Longest error text a reason keeps; the dead letter's reason is cut again to its own bound. */
const MAX_ERROR_LENGTH = 300;

/**
 * The reason a dead letter gives for a message that made one of a consumer's own steps throw: no input stops a
 * consumer, and the one that found a bug is kept with the error that names it.
 */
export function thrownReason(step: string, err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `${step} threw: ${text.slice(0, MAX_ERROR_LENGTH)}`;
}
