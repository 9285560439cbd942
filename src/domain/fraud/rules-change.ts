import type { RulesChange } from './rules-control';
import { DEFAULT_RULES, withOverrides, type RuleSet } from './rules';

/** Where rule sets are kept and published: the compacted rules topic (one per topic name). */
export interface RulesTopic {
  /**
   * The highest valid version on the topic (created when missing), or undefined when none was published; invalid
   * records are skipped, each reported to `onInvalid`.
   */
  latest(topic: string, onInvalid?: (reason: string) => void): Promise<RuleSet | undefined>;
  /** Publishes a rule set as the topic's newest version. */
  publish(topic: string, rules: RuleSet): Promise<void>;
}

/** The settings of a rule set as `group.field` → value, the version aside. */
function settingsOf(rules: RuleSet): Map<string, unknown> {
  return new Map(
    Object.entries(rules).flatMap(([group, fields]) =>
      typeof fields === 'object' ? Object.entries(fields).map(([field, value]) => [`${group}.${field}`, value] as const) : [],
    ),
  );
}

/** Setting, old value and new value of every setting that differs between two rule sets. */
export function changedSettings(before: RuleSet, after: RuleSet): Array<[setting: string, before: string, after: string]> {
  const old = settingsOf(before);
  return [...settingsOf(after)]
    .filter(([setting, value]) => old.get(setting) !== value)
    .map(([setting, value]) => [setting, String(old.get(setting)), String(value)]);
}

/** What a rule change starts from, besides the topic. */
export interface RulesChangeBase {
  /** The rules the caller holds (the workflow's), if any. */
  readonly current?: RuleSet;
  /** Told of each invalid record skipped on the topic. */
  readonly onInvalid?: (reason: string) => void;
}

/**
 * Applies `group.field=value` overrides to the rules in force and publishes the result as the next version: the one
 * way rules change, for the `fraudRules` workflow's activity and `rules set --direct` alike. The base is the highest
 * version of the topic's latest and `current` (what a caller holds, if anything), else the defaults. A bad setting or
 * value throws a RuleSetError naming the fields and publishes nothing; overrides that change no setting publish nothing.
 */
export async function changeRules(
  rules: RulesTopic,
  topic: string,
  overrides: Readonly<Record<string, string>>,
  { current, onInvalid }: RulesChangeBase = {},
): Promise<RulesChange> {
  const latest = await rules.latest(topic, onInvalid);
  const base = [latest, current].reduce<RuleSet | undefined>(
    (best, r) => (r !== undefined && (best === undefined || r.version > best.version) ? r : best),
    undefined,
  );
  const previous = base ?? DEFAULT_RULES;
  const next = withOverrides(previous, overrides);
  if (changedSettings(previous, next).length === 0) return { previous, rules: previous, published: false };
  await rules.publish(topic, next);
  return { previous, rules: next, published: true };
}
