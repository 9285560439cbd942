const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration such as `500ms`, `30s`, `5m`, `1h30m` or `2d` into milliseconds; throws on anything else. */
export function parseDurationMs(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const joined = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || joined !== text.trim()) {
    throw new RangeError(`"${text}" is not a duration (examples: 500ms, 30s, 5m, 1h30m, 2d)`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS_MS[unit as string] as number), 0);
}
