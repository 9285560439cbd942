import assert from 'node:assert/strict';
import { DATASETS } from '../../../../src/domain/lake/datasets';
import { defineSuite, type CheckDefinition, type CheckInput } from '../../../../src/domain/quality/checks';
import {
  evaluateCheck,
  summarizeResults,
  type CheckResult,
  type EvaluationContext,
  type Measurement,
} from '../../../../src/domain/quality/evaluate';

const HOUR_END = Date.parse('2026-11-25T13:00:00Z');
const CONTEXT: EvaluationContext = { referenceTimeMs: HOUR_END, volumeHistory: [] };

const check = (input: CheckInput): CheckDefinition => defineSuite('transactions', [input]).checks[0] as CheckDefinition;
const counts = (totalRows: number, failingRows = 0, samples: string[] = [], newestMs: number | null = null): Measurement => ({
  kind: 'counts',
  totalRows,
  failingRows,
  samples,
  newestMs,
});
const evaluate = (input: CheckInput, m: Measurement, context = CONTEXT): CheckResult =>
  evaluateCheck(check(input), 'transactions', m, context);

describe('check evaluation', () => {
  const notNull: CheckInput = { type: 'not_null', name: 'ids', severity: 'error', columns: ['transaction_id'] };

  it('passes a row check when every row passes, and reports the counts', () => {
    const r = evaluate(notNull, counts(1000));
    assert.deepEqual(r, {
      check: 'ids',
      type: 'not_null',
      dataset: 'transactions',
      severity: 'error',
      status: 'pass',
      observed: 1,
      threshold: 1,
      failing_rows: 0,
      total_rows: 1000,
      samples: [],
      message: '0 of 1000 rows have a null in transaction_id; pass ratio 1.0000, needs ≥ 1',
    });
  });

  it('fails an error-level check and only warns for a warn-level one, with the samples', () => {
    const failing = counts(1000, 2, ['t-1', 't-2']);
    const error = evaluate(notNull, failing);
    assert.equal(error.status, 'fail');
    assert.equal(error.observed, 0.998);
    assert.deepEqual(error.samples, ['t-1', 't-2']);
    assert.equal(evaluate({ ...notNull, severity: 'warn' }, failing).status, 'warn');
  });

  it('tolerates failing rows up to the minimum pass ratio, and not one more', () => {
    const range: CheckInput = { type: 'range', name: 'amount', severity: 'error', column: 'amount', min: 0, minPassRatio: 0.99 };
    assert.equal(evaluate(range, counts(100, 1)).status, 'pass');
    assert.equal(evaluate(range, counts(100, 2)).status, 'fail');
    assert.match(evaluate(range, counts(100, 2)).message, /2 of 100 rows have amount outside \[0, ∞\]/);
  });

  it('passes a row check with no rows to judge, and keeps at most five samples', () => {
    assert.equal(evaluate(notNull, counts(0)).status, 'pass');
    const many = evaluate(notNull, counts(10, 10, ['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    assert.deepEqual(many.samples, ['a', 'b', 'c', 'd', 'e']);
  });

  it('judges the row count against its bounds, reporting the bound it broke', () => {
    const rows: CheckInput = { type: 'row_count', name: 'rows', severity: 'error', minRows: 10, maxRows: 100 };
    assert.equal(evaluate(rows, counts(50)).status, 'pass');
    assert.deepEqual(pick(evaluate(rows, counts(5))), { status: 'fail', observed: 5, threshold: 10 });
    assert.deepEqual(pick(evaluate(rows, counts(500))), { status: 'fail', observed: 500, threshold: 100 });
    assert.equal(evaluate(rows, counts(500)).message, '500 rows, expected between 10 and 100');
  });

  it('judges freshness by the lag of the newest event time behind the reference time', () => {
    const fresh: CheckInput = { type: 'freshness', name: 'fresh', severity: 'warn', column: 'event_time', maxLagMs: 15 * 60_000 };
    assert.deepEqual(pick(evaluate(fresh, counts(10, 0, [], HOUR_END - 60_000))), { status: 'pass', observed: 60_000, threshold: 900_000 });
    const stale = evaluate(fresh, counts(10, 0, [], HOUR_END - 40 * 60_000));
    assert.deepEqual(pick(stale), { status: 'warn', observed: 2_400_000, threshold: 900_000 });
    assert.equal(stale.message, 'newest event_time is 40.0 min before the reference time, limit 15.0 min');
    assert.deepEqual(pick(evaluate(fresh, counts(0))), { status: 'warn', observed: null, threshold: 900_000 });
  });

  it('judges volume by the z-score against the same-hour history, and skips until there is enough of it', () => {
    const volume: CheckInput = { type: 'volume_anomaly', name: 'volume', severity: 'warn', maxZScore: 3, minHistory: 3 };
    const history = [1000, 1100, 900, 1000];
    assert.equal(evaluate(volume, counts(1050), { ...CONTEXT, volumeHistory: history }).status, 'pass');
    const drop = evaluate(volume, counts(100), { ...CONTEXT, volumeHistory: history });
    assert.equal(drop.status, 'warn');
    assert.ok((drop.observed as number) < -3);
    const skipped = evaluate(volume, counts(100), { ...CONTEXT, volumeHistory: [1000, 1000] });
    assert.deepEqual(pick(skipped), { status: 'pass', observed: null, threshold: 3 });
    assert.match(skipped.message, /skipped: 2 of 3/);
  });

  it('judges the schema by its differences from the contract, listed as samples', () => {
    const schema: CheckInput = { type: 'schema', name: 'schema', severity: 'error' };
    const contract = DATASETS.transactions.columns.map((c) => ({
      name: c.name,
      type: c.type.replace('TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE'),
    }));
    assert.equal(evaluate(schema, { kind: 'columns', columns: contract }).status, 'pass');
    const drifted = contract.map((c) => (c.name === 'amount' ? { ...c, type: 'VARCHAR' } : c));
    const r = evaluate(schema, { kind: 'columns', columns: drifted });
    assert.deepEqual(pick(r), { status: 'fail', observed: 1, threshold: 0 });
    assert.deepEqual(r.samples, ['amount DOUBLE → VARCHAR']);
    assert.equal(r.total_rows, contract.length);
  });

  it('fails a check that could not run, by its severity', () => {
    const r = evaluate(notNull, { kind: 'unrunnable', reason: 'Binder Error: no column transaction_id' });
    assert.deepEqual(pick(r), { status: 'fail', observed: null, threshold: 1 });
    assert.equal(r.message, 'could not run: Binder Error: no column transaction_id');
  });

  it('refuses a measurement of the wrong kind', () => {
    assert.throws(() => evaluate(notNull, { kind: 'columns', columns: [] }), /needs counts/);
    assert.throws(() => evaluate({ type: 'schema', name: 'schema', severity: 'error' }, counts(1)), /needs described columns/);
  });
});

describe('suite summary', () => {
  const result = (status: CheckResult['status']): CheckResult => ({
    ...evaluate({ type: 'schema', name: 's', severity: 'error' }, { kind: 'columns', columns: [] }),
    status,
  });

  it('passes the gate with warnings, and fails it on one error-level failure', () => {
    assert.deepEqual(summarizeResults([result('pass'), result('warn'), result('warn')]), {
      passed: 1,
      warned: 2,
      failed: 0,
      gatePassed: true,
    });
    assert.deepEqual(summarizeResults([result('pass'), result('fail')]), { passed: 1, warned: 0, failed: 1, gatePassed: false });
    assert.deepEqual(summarizeResults([]), { passed: 0, warned: 0, failed: 0, gatePassed: true });
  });
});

function pick(r: CheckResult): Pick<CheckResult, 'status' | 'observed' | 'threshold'> {
  return { status: r.status, observed: r.observed, threshold: r.threshold };
}
