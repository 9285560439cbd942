import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KPI_SQL_PATH } from '../../../../src/adapters/warehouse/kpi-sql';
import { KPI_COLUMNS, comparedHours, hoursComparedWith, kpiStatements, renderKpiSql } from '../../../../src/domain/etl/kpi-metrics';

describe('KPI_METRICS statements', () => {
  const hourStartMs = Date.parse('2026-11-25T00:00:00Z');

  it('fills in the hour, the hour before and the same hour a day before, and refuses unknown placeholders', () => {
    assert.equal(
      renderKpiSql(`'{{hour_start}}' '{{previous_hour_start}}' '{{day_before_hour_start}}'`, hourStartMs),
      `'2026-11-25 00:00:00' '2026-11-24 23:00:00' '2026-11-24 00:00:00'`,
    );
    assert.throws(() => renderKpiSql('{{hour_end}}', hourStartMs), /unknown placeholder \{\{hour_end\}\}/);
  });

  it('replaces the hour: creates the table if missing, deletes the hour, inserts the query’s columns in order', () => {
    const [create, remove, insert] = kpiStatements('SELECT 1', hourStartMs, 'H');
    assert.match(create ?? '', /^CREATE TABLE IF NOT EXISTS KPI_METRICS \(etl_hour TIMESTAMP, kpi_date DATE, /);
    assert.equal(remove, 'DELETE FROM KPI_METRICS WHERE etl_hour = H');
    assert.equal(insert, `INSERT INTO KPI_METRICS (${KPI_COLUMNS.map(([c]) => c).join(', ')}) SELECT 1`);
  });

  it('selects exactly the table’s columns, in its order', () => {
    const sql = readFileSync(KPI_SQL_PATH, 'utf8');
    const items = sql
      .slice(sql.lastIndexOf('\nSELECT\n') + 8, sql.lastIndexOf('\nFROM '))
      // An item continued on a further-indented line is one item.
      .replace(/\n {4,}/g, ' ')
      .split('\n');
    const aliases = items.map((item) => /(\w+),?$/.exec(item.trim())?.[1]);
    assert.deepEqual(
      aliases,
      KPI_COLUMNS.map(([c]) => c),
    );
  });

  it('compares an hour with the hour before and the same hour a day before, and so is compared with by the two after', () => {
    const hour = 3_600_000;
    assert.deepEqual(comparedHours(hourStartMs), [hourStartMs, hourStartMs - hour, hourStartMs - 24 * hour]);
    assert.deepEqual(hoursComparedWith(hourStartMs), [hourStartMs + hour, hourStartMs + 24 * hour]);
  });
});
