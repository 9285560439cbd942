import assert from 'node:assert/strict';
import { loadTransformSql } from '../../../../src/adapters/transform/sql-files';
import { COUNTS_TABLE, curatedFileKey, parseTransformPlan, renderStepSql } from '../../../../src/domain/etl/transform-plan';

describe('transform plan and SQL files', () => {
  it('loads every step of sql/transform/steps.json with its SQL file, ending in the counts', async () => {
    const { plan, sqlByStep } = await loadTransformSql();
    assert.deepEqual(plan.inputs, ['transactions', 'alerts', 'windows']);
    assert.deepEqual(plan.previousHourInputs, ['transactions']);
    assert.deepEqual(
      Object.keys(sqlByStep),
      plan.steps.map((s) => s.name),
    );
    assert.ok(plan.steps.some((s) => s.name === COUNTS_TABLE && s.write));
    assert.ok(plan.steps.every((s) => (sqlByStep[s.name] ?? '').includes('SELECT')));
  });

  it('renders the hour bounds as UTC TIMESTAMP literals and refuses unknown placeholders', () => {
    const hourStartMs = Date.parse('2026-11-25T23:00:00Z');
    assert.equal(
      renderStepSql(`WHERE t >= TIMESTAMP '{{hour_start}}' AND t < TIMESTAMP '{{hour_end}}'`, hourStartMs),
      `WHERE t >= TIMESTAMP '2026-11-25 23:00:00' AND t < TIMESTAMP '2026-11-26 00:00:00'`,
    );
    assert.throws(() => renderStepSql('{{table}}', hourStartMs), /unknown placeholder \{\{table\}\}/);
  });

  it('refuses a plan with unknown inputs, bad step names or no counts step', () => {
    assert.throws(() => parseTransformPlan({ inputs: ['orders'], steps: [] }), /inputs must be dataset names/);
    assert.throws(() => parseTransformPlan({ inputs: [], steps: [{ name: 'Drop Table', write: true }] }), /is not a step/);
    assert.throws(() => parseTransformPlan({ inputs: [], steps: [{ name: 'transactions', write: true }] }), /transform_counts/);
  });

  it('reads the previous hour only of inputs it reads anyway, and none when the plan names none', () => {
    const steps = [{ name: 'transform_counts', write: true }];
    assert.deepEqual(parseTransformPlan({ inputs: ['transactions'], steps }).previousHourInputs, []);
    assert.throws(
      () => parseTransformPlan({ inputs: ['transactions'], previous_hour_inputs: ['windows'], steps }),
      /previous_hour_inputs must be some of the inputs/,
    );
  });

  it('keys curated files by table, day and hour', () => {
    assert.equal(
      curatedFileKey('transactions', Date.parse('2026-11-25T07:00:00Z')),
      'curated/transactions/dt=2026-11-25/hour=07/part-0.parquet',
    );
  });
});
