import { InvalidArgumentError, type Command } from 'commander';
import type { Kafka } from 'kafkajs';
import { topicsOf } from '../../config';
import { createKafka } from '../../adapters/kafka/client';
import { publishRules, readLatestRules } from '../../adapters/kafka/rules-topic';
import { ensureTopics, topicSpecs } from '../../adapters/kafka/topics';
import { DEFAULT_RULES, withOverrides, type RuleSet } from '../../domain/fraud';
import { commandContext, type CommandContext } from '../context';
import { formatTable } from '../table';

/** Collects `group.field=value` arguments into overrides. */
function parseOverride(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected setting=value (e.g. velocity.limitUsd=1500), got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** The settings of a rule set as `group.field` → value, the version aside. */
function settingsOf(rules: RuleSet): Map<string, unknown> {
  return new Map(
    Object.entries(rules).flatMap(([group, fields]) =>
      typeof fields === 'object' ? Object.entries(fields).map(([field, value]) => [`${group}.${field}`, value] as const) : [],
    ),
  );
}

/** Rows of setting, old value and new value for every setting that differs. */
function changedSettings(before: RuleSet, after: RuleSet): string[][] {
  const old = settingsOf(before);
  return [...settingsOf(after)]
    .filter(([setting, value]) => old.get(setting) !== value)
    .map(([setting, value]) => [setting, String(old.get(setting)), String(value)]);
}

/** The rules in force on the configured topic (created when missing), or the defaults when none were published. */
async function currentRules({ config, log }: CommandContext, kafka: Kafka): Promise<RuleSet> {
  const topic = topicsOf(config).rules;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      topicSpecs(config).filter((s) => s.topic === topic),
    );
  } finally {
    await admin.disconnect();
  }
  const latest = await readLatestRules(kafka, topic, (reason) => log.warn({ reason }, 'skipped an invalid rules record'));
  return latest ?? DEFAULT_RULES;
}

/** `streamify rules show|set`: the fraud rules in force, read from and published to the compacted rules topic. */
export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('show or change the fraud rules in force (the compacted rules topic)');
  rules
    .command('show')
    .description('print the rules in force as JSON (the defaults when none were published)')
    .action(async () => {
      const context = commandContext('rules');
      console.log(JSON.stringify(await currentRules(context, createKafka(context.config)), null, 2));
    });
  rules
    .command('set')
    .description('change rule settings and publish them as a new version, e.g. `rules set velocity.limitUsd=1500 highAmount.enabled=false`')
    .argument('<setting=value...>', 'settings as group.field=value', parseOverride)
    .action(async (overrides: Record<string, string>) => {
      const context = commandContext('rules');
      const kafka = createKafka(context.config);
      const before = await currentRules(context, kafka);
      // Throws a RuleSetError naming each bad setting before anything is published.
      const after = withOverrides(before, overrides);
      const changes = changedSettings(before, after);
      if (changes.length === 0) {
        console.log(`nothing changed: version ${before.version} already has these values`);
        return;
      }
      await publishRules(kafka, topicsOf(context.config).rules, after);
      console.log(`published rules version ${after.version} (was ${before.version})`);
      console.log(formatTable(['setting', 'before', 'after'], changes));
    });
}
