import assert from 'node:assert/strict';
import { defineSuite } from '../../../../src/domain/quality/checks';
import { MAX_SAMPLES, compileCheck } from '../../../../src/domain/quality/sql';
import { parquetRelation, quoteIdent, snowflakeLiteral, sqlLiteral, tableRelation } from '../../../../src/domain/quality/sql-text';
import { ALERTS_SUITE, TRANSACTIONS_SUITE } from '../../../../src/domain/quality/suites';

describe('check SQL', () => {
  it('quotes identifiers and literals so that no input can close them', () => {
    assert.equal(quoteIdent('amount'), '"amount"');
    assert.equal(quoteIdent('a"; DROP TABLE x; --'), '"a""; DROP TABLE x; --"');
    assert.equal(sqlLiteral("O'Brien"), "'O''Brien'");
    assert.throws(() => quoteIdent(''), /empty/);
  });

  it('builds relations from Parquet paths and qualified table names, never from raw text', () => {
    assert.equal(
      parquetRelation(['/lake/a.parquet', "/lake/it's.parquet"]),
      "read_parquet(['/lake/a.parquet', '/lake/it''s.parquet'], union_by_name = true, hive_partitioning = false)",
    );
    assert.equal(tableRelation('main.raw_transactions'), '"main"."raw_transactions"');
    assert.throws(() => parquetRelation([]), /at least one file/);
  });

  it('compiles every declared check into one query, with at most MAX_SAMPLES samples', () => {
    const relations = { transactions: tableRelation('raw_transactions'), alerts: tableRelation('fraud_alerts') };
    for (const suite of [TRANSACTIONS_SUITE, ALERTS_SUITE]) {
      for (const check of suite.checks) {
        const { kind, sql } = compileCheck(check, suite.dataset, relations);
        assert.equal(kind, check.type === 'schema' ? 'describe' : 'counts');
        assert.equal(sql.split(';').length, 1, `${check.name} is one statement`);
        if (kind === 'counts') assert.match(sql, /total_rows[\s\S]*failing_rows[\s\S]*samples[\s\S]*newest_ms/);
        if (check.type !== 'schema' && /min\(/.test(sql)) assert.match(sql, new RegExp(`, ${MAX_SAMPLES}\\) FILTER`));
      }
    }
  });

  it('quotes accepted values as literals', () => {
    const [check] = defineSuite('transactions', [
      { type: 'accepted_values', name: 'status', severity: 'error', column: 'status', values: ["it's", 'ok'] },
    ]).checks;
    const { sql } = compileCheck(check!, 'transactions', { transactions: tableRelation('t') });
    assert.match(sql, /IN \('it''s', 'ok'\)/);
  });

  it('needs the relation of the dataset a referential check references', () => {
    const referential = ALERTS_SUITE.checks.find((c) => c.type === 'referential');
    assert.ok(referential);
    assert.throws(
      () => compileCheck(referential, 'alerts', { alerts: tableRelation('fraud_alerts') }),
      /needs a relation for transactions/,
    );
  });

  it('quotes a Snowflake literal by Snowflake’s rules: a backslash cannot end the literal early', () => {
    assert.equal(snowflakeLiteral("it's"), "'it''s'");
    assert.equal(snowflakeLiteral('a\\'), "'a\\\\'");
    assert.equal(snowflakeLiteral("x\\'; DROP TABLE T; --"), "'x\\\\''; DROP TABLE T; --'");
  });
});
