import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { createKafka } from '../../src/adapters/kafka/client';
import { followRules, readLatestRules } from '../../src/adapters/kafka/rules-topic';
import { fraudRulesWorkflowId, setRulesThroughWorkflow } from '../../src/temporal/fraud-rules-workflow';
import { DEFAULT_RULES, type RuleSet } from '../../src/domain/fraud';
import { INVALID_RULES } from '../../src/domain/fraud/rules-control';
import { fraudRules, rulesQuery } from '../../src/workflows/fraud-rules';
import { testConfig, uniqueName } from '../support/config';
import { keepHistory } from '../support/histories';
import { freshTopics } from '../support/kafka';
import { startTestWorker, type TestWorker } from '../support/worker';

describe('fraudRules workflow on the dev server', () => {
  const kafka = createKafka(testConfig());
  let harness: TestWorker;
  let rulesTopic: string;

  before(async () => {
    [rulesTopic] = (await freshTopics(kafka, ['fraud-rules'], 1)) as [string];
    // The worker's own rules topic stays the default: each workflow publishes to the topic it was started for.
    harness = await startTestWorker();
  });

  after(async () => {
    await harness?.stop();
  });

  it('starts on update, rejects a bad value naming the field, and publishes a good one to a running follower', async () => {
    const workflowId = uniqueName('fraud-rules');
    const target = { taskQueue: harness.taskQueue, workflowId, topic: rulesTopic };
    const followed: RuleSet[] = [];
    const follower = await followRules(kafka, rulesTopic, (rules) => followed.push(rules));
    try {
      const err = await setRulesThroughWorkflow(harness.client, target, { 'velocity.limitUsd': 'lots' }).then(
        () => assert.fail('a bad value must be rejected'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure, String(err));
      assert.equal(err.cause.type, INVALID_RULES);
      assert.match(err.cause.message, /velocity\.limitUsd/);
      const handle = harness.client.workflow.getHandle(workflowId);
      assert.equal((await handle.query(rulesQuery))?.version, DEFAULT_RULES.version, 'nothing changed');

      // A path into a prototype is refused by the update's validator, naming it; the worker runs on unharmed.
      const hostile = await setRulesThroughWorkflow(harness.client, target, { '__proto__.toString': 'x' }).then(
        () => assert.fail('a path into a prototype must be refused'),
        (e: unknown) => e,
      );
      assert.ok(hostile instanceof WorkflowUpdateFailedError, String(hostile));
      assert.match(String(hostile.cause?.message), /no such rule setting: __proto__\.toString/);

      const change = await setRulesThroughWorkflow(harness.client, target, { 'velocity.limitUsd': '1500' });
      assert.deepEqual([change.published, change.previous.version, change.rules.version], [true, 1, 2]);
      assert.equal((await readLatestRules(kafka, rulesTopic))?.velocity.limitUsd, 1500);
      for (let i = 0; i < 100 && followed.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(
        followed.map((r) => [r.version, r.velocity.limitUsd]),
        [[2, 1500]],
      );

      const unchanged = await setRulesThroughWorkflow(harness.client, target, { 'velocity.limitUsd': '1500' });
      assert.deepEqual([unchanged.published, unchanged.rules.version], [false, 2]);
      await handle.terminate('test over');
      await keepHistory(handle, 'fraudRules-rejected-published-unchanged');
    } finally {
      await follower.stop();
    }
  });

  it('starts from the topic’s latest version and continues as new after its updates, holding the rules', async () => {
    const workflowId = uniqueName('fraud-rules');
    const handle = await harness.client.workflow.start(fraudRules, {
      taskQueue: harness.taskQueue,
      workflowId,
      args: [{ topic: rulesTopic, updatesPerRun: 1 }],
    });
    await setRulesThroughWorkflow(
      harness.client,
      { taskQueue: harness.taskQueue, workflowId, topic: rulesTopic },
      { 'highAmount.limitUsd': '2500' },
    );
    for (let i = 0; i < 100 && (await handle.describe()).runId === handle.firstExecutionRunId; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const current = harness.client.workflow.getHandle(workflowId);
    assert.notEqual((await current.describe()).runId, handle.firstExecutionRunId);
    const rules = await current.query(rulesQuery);
    // The first test left version 2 (velocity.limitUsd 1500) on the topic.
    assert.deepEqual([rules?.version, rules?.highAmount.limitUsd, rules?.velocity.limitUsd], [3, 2500, 1500]);
    const next = await setRulesThroughWorkflow(
      harness.client,
      { taskQueue: harness.taskQueue, workflowId, topic: rulesTopic },
      { 'highAmount.limitUsd': '3000' },
    );
    assert.equal(next.rules.version, 4);
    await current.terminate('test over');
    // The run that took the update and continued as new.
    await keepHistory(harness.client.workflow.getHandle(workflowId, handle.firstExecutionRunId), 'fraudRules-continued-as-new');
  });

  it('is what `streamify rules set` starts and goes through, naming a bad field and publishing a good value', async () => {
    const [topic] = (await freshTopics(kafka, ['fraud-rules'], 1)) as [string];
    // Asynchronously: the worker answering the command runs in this process.
    const rulesSet = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'node',
          ['bin/streamify.js', 'rules', 'set', '--task-queue', harness.taskQueue, ...args],
          { encoding: 'utf8', env: { ...process.env, KAFKA_TOPIC_RULES: topic } },
          (err, stdout, stderr) => resolve({ status: err === null ? 0 : Number(err.code), stdout, stderr }),
        );
      });
    const bad = await rulesSet('--start-workflow', 'velocity.limitUsd=abc');
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, new RegExp(`through workflow ${fraudRulesWorkflowId(topic)}`));
    assert.match(bad.stderr, /invalid rules: velocity\.limitUsd: /);
    const hostile = await rulesSet('__proto__.toString=x');
    assert.equal(hostile.status, 1);
    assert.match(hostile.stderr, /no such rule setting: __proto__\.toString/);
    const good = await rulesSet('velocity.limitUsd=1500');
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /through workflow/, 'the workflow the first call started is running now');
    assert.match(good.stdout, /published rules version 2 \(was 1\)/);
    assert.equal((await readLatestRules(kafka, topic))?.velocity.limitUsd, 1500);
    await harness.client.workflow.getHandle(fraudRulesWorkflowId(topic)).terminate('test over');
  });

  it('gives the default topic the workflow id fraud-rules and any other its own', () => {
    assert.deepEqual([fraudRulesWorkflowId('fraud_rules'), fraudRulesWorkflowId('x.rules')], ['fraud-rules', 'fraud-rules:x.rules']);
  });
});
