import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createKafka } from '../../src/adapters/kafka/client';
import { followRules, publishRules, readLatestRules, RULES_KEY } from '../../src/adapters/kafka/rules-topic';
import { DEFAULT_RULES, withOverrides, type RuleSet } from '../../src/domain/fraud';
import { testConfig } from '../support/config';
import { freshTopics } from '../support/kafka';

const V2 = withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '1500' });
const V3 = withOverrides(V2, { 'highAmount.enabled': 'false' });

/** Resolves once `predicate` holds, polling; fails after a while. */
async function eventually(predicate: () => boolean, what: string): Promise<void> {
  for (let waitedMs = 0; !predicate(); waitedMs += 50) {
    if (waitedMs > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the fraud rules topic on the real broker', () => {
  const config = testConfig();
  const kafka = createKafka(config);
  const rulesTopic = async (): Promise<string> => ((await freshTopics(kafka, ['rules'], 1)) as [string])[0];

  /** Writes raw records, as a misbehaving publisher would. */
  async function sendRaw(topic: string, messages: Array<{ key: string; value: string }>): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages });
    await producer.disconnect();
  }

  it('reads the latest of two published versions', async () => {
    const topic = await rulesTopic();
    await publishRules(kafka, topic, DEFAULT_RULES);
    await publishRules(kafka, topic, V2);
    assert.deepEqual(await readLatestRules(kafka, topic), V2);
  });

  it('answers promptly that an empty topic holds no rules', async () => {
    const topic = await rulesTopic();
    const startedMs = Date.now();
    assert.equal(await readLatestRules(kafka, topic), undefined);
    assert.ok(Date.now() - startedMs < 2000, `took ${Date.now() - startedMs} ms`);
  });

  it('skips invalid records, reporting why, and keeps the last valid version', async () => {
    const topic = await rulesTopic();
    await publishRules(kafka, topic, V2);
    await sendRaw(topic, [
      { key: RULES_KEY, value: 'not json' },
      { key: RULES_KEY, value: JSON.stringify({ ...V3, velocity: { ...V3.velocity, limitUsd: -1 } }) },
      { key: 'other', value: JSON.stringify(V3) },
    ]);
    const reasons: string[] = [];
    assert.deepEqual(await readLatestRules(kafka, topic, (reason) => reasons.push(reason)), V2);
    assert.equal(reasons.length, 3);
    assert.match(reasons[0] ?? '', /@1: not JSON/);
    assert.match(reasons[1] ?? '', /@2: invalid rules: velocity\.limitUsd/);
    assert.match(reasons[2] ?? '', /@3: key "other" is not fraud-rules/);
  });

  it('follows the versions in order, from those present at the start to one published later, skipping older and invalid ones', async () => {
    const topic = await rulesTopic();
    await publishRules(kafka, topic, DEFAULT_RULES);
    await publishRules(kafka, topic, V2);
    await sendRaw(topic, [{ key: RULES_KEY, value: '{"version":9}' }]);
    const applied: RuleSet[] = [];
    const invalid: string[] = [];
    const follower = await followRules(
      kafka,
      topic,
      (rules) => applied.push(rules),
      (reason) => invalid.push(reason),
    );
    try {
      assert.deepEqual(
        applied.map((r) => r.version),
        [1, 2],
        'the versions present are delivered before followRules resolves',
      );
      assert.equal(invalid.length, 1);
      await publishRules(kafka, topic, DEFAULT_RULES); // older than the one applied: ignored
      await publishRules(kafka, topic, V3);
      await eventually(() => applied.length === 3, 'version 3');
      assert.deepEqual(applied, [DEFAULT_RULES, V2, V3]);
    } finally {
      await follower.stop();
    }
  });

  describe('streamify rules', () => {
    function rulesCommand(topic: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
      return spawnSync('node', ['bin/streamify.js', 'rules', ...args], {
        encoding: 'utf8',
        env: { ...process.env, KAFKA_TOPIC_RULES: topic },
      });
    }

    it('refuses a bad value with the field named, publishing nothing', async () => {
      const topic = await rulesTopic();
      const run = rulesCommand(topic, ['set', 'velocity.limitUsd=abc']);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /invalid rules: velocity\.limitUsd: /);
      assert.equal(await readLatestRules(kafka, topic), undefined);
    });

    it('publishes the changed settings as the next version and shows it', async () => {
      const topic = await rulesTopic();
      const set = rulesCommand(topic, ['set', 'velocity.limitUsd=1500']);
      assert.equal(set.status, 0, set.stderr);
      assert.match(set.stdout, /published rules version 2 \(was 1\)/);
      assert.match(set.stdout, /^velocity\.limitUsd\s+1000\s+1500$/m);
      assert.deepEqual(await readLatestRules(kafka, topic), V2);
      const show = rulesCommand(topic, ['show']);
      assert.deepEqual(JSON.parse(show.stdout), V2);
    });
  });
});
