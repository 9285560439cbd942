/** How a checked thing stands. */
export type Health = 'ok' | 'warn' | 'fail';

/** One line of the operator's table. */
export interface StatusRow {
  readonly area: string;
  readonly name: string;
  readonly value: string;
  readonly health: Health;
  readonly detail?: string;
}

/** A check that could not run is a failure of its area, saying why. */
export function unreachable(area: string, err: unknown): StatusRow {
  return { area, name: 'reachable', value: 'no', health: 'fail', detail: err instanceof Error ? err.message : String(err) };
}

/** Gives up on a probe that hangs: a status command must answer. */
export async function within<T>(ms: number, what: string, probe: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A span of milliseconds as the largest fitting unit. */
export function ago(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}
