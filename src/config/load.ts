import { ConfigError } from './config-error';
import { crossChecks } from './cross-checks';
import { settings, shownDefault, type RawEnv, type Setting, type Settings } from './settings';

/** The validated configuration: one typed field per setting. */
export type Config = { readonly [K in keyof Settings]: Settings[K] extends Setting<infer T> ? T : never };

export { ConfigError };

function defaultOf(s: Setting<unknown>, env: RawEnv): string | undefined {
  return typeof s.default === 'function' ? s.default(env) : s.default;
}

/** Reads and validates every setting once; throws a ConfigError listing each bad one. */
export function loadConfig(env: RawEnv = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const given = env[s.name];
    const raw = given === undefined || given === '' ? defaultOf(s, env) : given;
    const parsed = s.schema.safeParse(raw);
    if (parsed.success) {
      values[key] = parsed.data;
    } else {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(s.secret ? `${s.name}: ${why}` : `${s.name}=${JSON.stringify(raw)}: ${why}`);
    }
  }
  const config = values as Config;
  if (problems.length === 0) problems.push(...crossChecks(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The configuration as printable name → value pairs, secrets masked. */
export function describeConfig(c: Config): Array<{ name: string; value: string }> {
  return (Object.entries(settings) as [keyof Config, Setting<unknown>][]).map(([key, s]) => {
    const value = c[key];
    const shown = value === undefined ? '' : s.secret ? '********' : String(value);
    return { name: s.name, value: shown };
  });
}

/** The text of .env.example: every setting with its meaning and default. */
export function envExample(): string {
  const lines = ['# Streamify settings. Copy to .env and change what differs; unset means the default shown.'];
  let group = '';
  for (const s of Object.values(settings) as Setting<unknown>[]) {
    if (s.group !== group) {
      group = s.group;
      lines.push('', `# --- ${group} ---`);
    }
    lines.push(`# ${s.doc}`, `# ${s.name}=${shownDefault(s)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Names of the secret settings, for log redaction. */
export const secretSettingNames: readonly string[] = (Object.values(settings) as Setting<unknown>[])
  .filter((s) => s.secret)
  .map((s) => s.name);

/** Config fields that hold secrets, for log redaction of a logged Config. */
export const secretConfigKeys: readonly (keyof Config)[] = (Object.entries(settings) as [keyof Config, Setting<unknown>][])
  .filter(([, s]) => s.secret)
  .map(([key]) => key);
