/** A key that names a secret wherever it sits in a log record: `password`, `SNOWFLAKE_PASSWORD`, `apiKey`, `sasl_token`, … */
const SECRET_KEY = /password|passphrase|secret|token|api[-_]?key|private[-_]?key/i;

/** How deep the walk goes: deeper values are replaced, so a cyclic or huge record cannot stall a log call. */
const MAX_DEPTH = 12;

/**
 * A copy of a log record with the value of every secret-named key replaced by `[redacted]`, at any depth (plain
 * objects and arrays; other objects, such as errors, pass as they are).
 */
export function redactSecrets(value: unknown, secretNames: ReadonlySet<string> = new Set(), depth = 0): unknown {
  if (Array.isArray(value)) return depth >= MAX_DEPTH ? '[too deep]' : value.map((v) => redactSecrets(v, secretNames, depth + 1));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    copy[key] = secretNames.has(key) || SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(v, secretNames, depth + 1);
  }
  return copy;
}
