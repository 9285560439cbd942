import assert from 'node:assert/strict';
import { DEFAULT_MIN_HISTORY, InvalidCheckError, defineSuite, type CheckInput } from '../../../../src/domain/quality/checks';
import { RAW_SUITES } from '../../../../src/domain/quality/suites';
import { CHECK_TYPES } from '../../../support/check-types';

const rejects = (check: unknown, reason: RegExp): void => {
  assert.throws(
    () => defineSuite('transactions', [check as CheckInput]),
    (err: unknown) => err instanceof InvalidCheckError && reason.test(err.message),
  );
};

describe('check definitions', () => {
  it('declares a suite for every raw dataset, each with a schema check and at least one error-level check', () => {
    for (const [dataset, suite] of Object.entries(RAW_SUITES)) {
      assert.equal(suite.dataset, dataset);
      assert.ok(suite.checks.some((c) => c.type === 'schema'));
      assert.ok(suite.checks.some((c) => c.severity === 'error'));
    }
  });

  it('covers every check type across the declared suites', () => {
    const types = new Set(Object.values(RAW_SUITES).flatMap((s) => s.checks.map((c) => c.type)));
    assert.deepEqual([...types].sort(), [...CHECK_TYPES].sort());
  });

  it('fills in the defaults: every row must pass, a week of history, inclusive bounds', () => {
    const suite = defineSuite('transactions', [
      { type: 'range', name: 'amount', severity: 'error', column: 'amount', min: 0 },
      { type: 'volume_anomaly', name: 'volume', severity: 'warn', maxZScore: 3 },
    ]);
    assert.deepEqual(suite.checks, [
      {
        type: 'range',
        name: 'amount',
        severity: 'error',
        column: 'amount',
        min: 0,
        minExclusive: false,
        maxExclusive: false,
        minPassRatio: 1,
      },
      { type: 'volume_anomaly', name: 'volume', severity: 'warn', maxZScore: 3, minHistory: DEFAULT_MIN_HISTORY },
    ]);
  });

  it('rejects a malformed definition, naming the check and the field', () => {
    rejects({ type: 'not_null', name: 'ids', columns: ['transaction_id'] }, /check "ids" on transactions: severity/);
    rejects({ type: 'not_null', name: 'ids', severity: 'fatal', columns: ['transaction_id'] }, /check "ids".*severity/);
    rejects({ type: 'not_null', name: 'ids', severity: 'error', columns: [] }, /check "ids".*columns/);
    rejects({ type: 'not_nul', name: 'typo', severity: 'error', columns: ['amount'] }, /check "typo".*type/);
    rejects(
      { type: 'range', name: 'ratio', severity: 'error', column: 'amount', min: 0, minPassRatio: 1.5 },
      /check "ratio".*minPassRatio/,
    );
    rejects(
      { type: 'range', name: 'extra_field', severity: 'error', column: 'amount', min: 0, maximum: 5 },
      /check "extra_field".*maximum/,
    );
    rejects({ type: 'freshness', name: 'lag', severity: 'warn', column: 'event_time', maxLagMs: -1 }, /check "lag".*maxLagMs/);
    rejects({ type: 'schema', name: 'Bad Name', severity: 'error' }, /check "Bad Name".*snake_case/);
  });

  it('rejects a definition that does not fit the contract: unknown columns, wrong types, empty ranges, bad patterns', () => {
    rejects(
      { type: 'not_null', name: 'email', severity: 'error', columns: ['email'] },
      /check "email".*"email" is not in the transactions contract/,
    );
    rejects(
      { type: 'range', name: 'status_range', severity: 'error', column: 'status', min: 0 },
      /check "status_range".*status" is VARCHAR/,
    );
    rejects({ type: 'regex', name: 'amount_regex', severity: 'error', column: 'amount', pattern: 'x' }, /check "amount_regex".*DOUBLE/);
    rejects({ type: 'freshness', name: 'fresh', severity: 'warn', column: 'amount', maxLagMs: 1 }, /check "fresh".*TIMESTAMPTZ/);
    rejects({ type: 'range', name: 'no_bounds', severity: 'error', column: 'amount' }, /check "no_bounds".*min, max or both/);
    rejects(
      { type: 'range', name: 'empty', severity: 'error', column: 'amount', min: 1, max: 1, maxExclusive: true },
      /check "empty".*holds no value/,
    );
    rejects(
      { type: 'regex', name: 'broken', severity: 'error', column: 'currency', pattern: '([A-Z' },
      /check "broken".*not a regular expression/,
    );
    rejects({ type: 'row_count', name: 'rows', severity: 'error', minRows: 10, maxRows: 5 }, /check "rows".*below minRows/);
  });

  it('rejects a reference to a column that does not exist or has another type', () => {
    const reference = (column: string, references: { dataset: string; column: string }) => ({
      type: 'referential',
      name: 'ref',
      severity: 'error',
      column,
      references,
    });
    rejects(reference('transaction_id', { dataset: 'alerts', column: 'nope' }), /check "ref".*"nope" is not in the alerts contract/);
    rejects(reference('transaction_id', { dataset: 'orders', column: 'id' }), /check "ref".*references\.dataset/);
    rejects(reference('quantity', { dataset: 'alerts', column: 'score' }), /check "ref".*quantity is INTEGER but alerts.score is DOUBLE/);
  });

  it('rejects two checks of one suite with the same name', () => {
    const check: CheckInput = { type: 'schema', name: 'schema', severity: 'error' };
    assert.throws(() => defineSuite('alerts', [check, check]), /check "schema" on alerts: the name is used twice/);
  });
});
