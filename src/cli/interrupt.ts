/**
 * An AbortSignal that fires on the first Ctrl-C or SIGTERM, so that work can finish cleanly;
 * a second Ctrl-C exits at once.
 */
export function interruptSignal(onFirst?: () => void): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
