import assert from 'node:assert/strict';
import { DEFAULT_RULES, RuleSetError, withOverrides, type RuleSet } from '../../../../src/domain/fraud';
import { changeRules, changedSettings, type RulesTopic } from '../../../../src/domain/fraud/rules-change';

/** A rules topic in memory: its latest version and what was published to it. */
function topicHolding(latest?: RuleSet): RulesTopic & { published: RuleSet[] } {
  const published: RuleSet[] = [];
  return {
    published,
    latest: async () => published.at(-1) ?? latest,
    publish: async (_topic, rules) => void published.push(rules),
  };
}

describe('a rule change (the fraudRules activity and `rules set --direct` alike)', () => {
  it('applies overrides to the defaults of an empty topic and publishes the next version', async () => {
    const topic = topicHolding();
    const change = await changeRules(topic, 'rules', { 'velocity.limitUsd': '1500' });
    assert.equal(change.published, true);
    assert.deepEqual(change.previous, DEFAULT_RULES);
    assert.deepEqual([change.rules.version, change.rules.velocity.limitUsd], [DEFAULT_RULES.version + 1, 1500]);
    assert.deepEqual(topic.published, [change.rules]);
  });

  it('publishes nothing when the overrides set the values in force, whatever their spelling', async () => {
    const inForce = withOverrides(DEFAULT_RULES, { 'highAmount.enabled': 'false' });
    const topic = topicHolding(inForce);
    const change = await changeRules(topic, 'rules', {
      'highAmount.enabled': 'false',
      'velocity.limitUsd': String(inForce.velocity.limitUsd),
    });
    assert.deepEqual(change, { previous: inForce, rules: inForce, published: false });
    assert.deepEqual(topic.published, []);
  });

  it('starts from the higher of the caller’s rules and the topic’s latest', async () => {
    const older = withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '900' });
    const newer = withOverrides(older, { 'velocity.limitUsd': '1100' });
    assert.equal((await changeRules(topicHolding(newer), 'rules', { 'highAmount.enabled': 'false' }, { current: older })).previous, newer);
    assert.equal((await changeRules(topicHolding(older), 'rules', { 'highAmount.enabled': 'false' }, { current: newer })).previous, newer);
  });

  it('refuses a bad setting with a RuleSetError and publishes nothing', async () => {
    const topic = topicHolding();
    await assert.rejects(changeRules(topic, 'rules', { 'velocity.limit': '1' }), RuleSetError);
    assert.deepEqual(topic.published, []);
  });

  it('lists each changed setting with its old and new value', () => {
    const next = withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '1500', 'highAmount.enabled': 'false' });
    assert.deepEqual(changedSettings(DEFAULT_RULES, next).sort(), [
      ['highAmount.enabled', String(DEFAULT_RULES.highAmount.enabled), 'false'],
      ['velocity.limitUsd', String(DEFAULT_RULES.velocity.limitUsd), '1500'],
    ]);
  });
});
