import assert from 'node:assert/strict';
import { ZodObject } from 'zod';
import { DEFAULT_RULES, RuleSetError, ruleSetSchema, withOverrides } from '../../../../src/domain/fraud';
import { RULE_SETTING_PATHS, unknownRulePaths } from '../../../../src/domain/fraud/rules-control';

describe('rule overrides', () => {
  it('may set exactly the settings of the rule set’s schema', () => {
    const fromSchema = Object.entries(ruleSetSchema.shape).flatMap(([group, schema]) =>
      schema instanceof ZodObject ? Object.keys(schema.shape).map((field) => `${group}.${field}`) : [],
    );
    assert.deepEqual([...RULE_SETTING_PATHS].sort(), fromSchema.sort());
  });

  it('refuses paths into prototypes or unknown settings, naming each, and leaves Object.prototype alone', () => {
    const hostile = { '__proto__.toString': 'x', 'constructor.prototype': 'x', 'prototype.x': 'y', 'velocity.limit': '1' };
    assert.deepEqual(unknownRulePaths(hostile), Object.keys(hostile));
    assert.throws(
      () => withOverrides(DEFAULT_RULES, hostile),
      (err: unknown) =>
        err instanceof RuleSetError && Object.keys(hostile).every((path) => err.problems.includes(`${path}: no such rule setting`)),
    );
    assert.equal(typeof Object.prototype.toString, 'function');
    assert.equal(String({}), '[object Object]');
  });

  it('applies known settings by type and bumps the version', () => {
    const next = withOverrides(DEFAULT_RULES, { 'velocity.limitUsd': '1500', 'highAmount.enabled': 'false' });
    assert.deepEqual([next.version, next.velocity.limitUsd, next.highAmount.enabled], [DEFAULT_RULES.version + 1, 1500, false]);
  });
});
