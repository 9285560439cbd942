import { DATASETS, type DatasetName } from '../lake/datasets';
import type { CheckDefinition, RowCheck } from './checks';
import { numberLiteral, quoteIdent, sqlLiteral, type Relation } from './sql-text';

/** Failing keys a check returns at most: enough to look rows up, never the dataset. */
export const MAX_SAMPLES = 5;

/** The relation of each dataset a run can see; a referential check reads the one it references. */
export type Relations = Readonly<Partial<Record<DatasetName, Relation>>>;

/**
 * One query for one check. `counts` queries return one row: total_rows, failing_rows, samples (at most
 * MAX_SAMPLES keys) and newest_ms; `describe` queries return the relation's columns (column_name, column_type).
 */
export interface CompiledCheck {
  readonly kind: 'counts' | 'describe';
  readonly sql: string;
}

/** Compiles a check on a dataset into the single DuckDB query that measures it. */
export function compileCheck(check: CheckDefinition, dataset: DatasetName, relations: Relations): CompiledCheck {
  const relation = relationFor(relations, dataset, check.name);
  switch (check.type) {
    case 'schema':
      return { kind: 'describe', sql: `DESCRIBE SELECT * FROM ${relation}` };
    case 'row_count':
    case 'volume_anomaly':
      return { kind: 'counts', sql: summary(`${relation} AS t`, 'count(*)', '0', '[]::VARCHAR[]', 'NULL') };
    case 'freshness':
      return { kind: 'counts', sql: summary(`${relation} AS t`, 'count(*)', '0', '[]::VARCHAR[]', `epoch_ms(max(${col(check.column)}))`) };
    case 'unique':
      return { kind: 'counts', sql: uniqueSql(check.columns, relation) };
    default:
      return { kind: 'counts', sql: rowSql(check, dataset, relation, relations) };
  }
}

function relationFor(relations: Relations, dataset: DatasetName, checkName: string): Relation {
  const relation = relations[dataset];
  if (relation === undefined) throw new RangeError(`check "${checkName}" needs a relation for ${dataset}`);
  return relation;
}

const col = (name: string): string => `t.${quoteIdent(name)}`;

function summary(from: string, total: string, failing: string, samples: string, newestMs: string): string {
  return [
    `SELECT ${total}::BIGINT AS total_rows,`,
    `  ${failing}::BIGINT AS failing_rows,`,
    `  ${samples} AS samples,`,
    `  ${newestMs}::BIGINT AS newest_ms`,
    `FROM ${from}`,
  ].join('\n');
}

// min(x, n) keeps the n smallest keys: bounded memory, unlike a list of every failure, and samples that are
// the same from run to run.
const samplesWhere = (key: string, condition: string): string =>
  `coalesce(min(${key}, ${MAX_SAMPLES}) FILTER (WHERE ${condition}), []::VARCHAR[])`;

/** Checks judged row by row: which rows the check applies to, and what a passing row satisfies. */
function rowSql(check: Exclude<RowCheck, { type: 'unique' }>, dataset: DatasetName, relation: Relation, relations: Relations): string {
  let from = `${relation} AS t`;
  let passes: string;
  switch (check.type) {
    case 'not_null':
      passes = check.columns.map((c) => `${col(c)} IS NOT NULL`).join(' AND ');
      break;
    case 'accepted_values':
      passes = `CAST(${col(check.column)} AS VARCHAR) IN (${check.values.map(sqlLiteral).join(', ')})`;
      break;
    case 'regex':
      passes = `regexp_full_match(CAST(${col(check.column)} AS VARCHAR), ${sqlLiteral(check.pattern)})`;
      break;
    case 'range':
      passes = rangePasses(check);
      break;
    case 'expression':
      passes = `(${check.expression})`;
      break;
    case 'referential': {
      const target = relationFor(relations, check.references.dataset, check.name);
      from += ` LEFT JOIN (SELECT DISTINCT ${quoteIdent(check.references.column)} AS parent_key FROM ${target}) AS p ON ${col(check.column)} = p.parent_key`;
      passes = 'p.parent_key IS NOT NULL';
      break;
    }
  }
  // A NULL verdict must count as a failure, not vanish from the FILTER.
  const fails = `NOT coalesce(${passes}, false)`;
  const key = `coalesce(CAST(${col(DATASETS[dataset].key)} AS VARCHAR), 'NULL')`;
  // Nulls are the not_null check's concern: value checks judge, and count, only the values present.
  const where = check.type === 'not_null' || check.type === 'expression' ? '' : `\nWHERE ${col(check.column)} IS NOT NULL`;
  return summary(from, 'count(*)', `count(*) FILTER (WHERE ${fails})`, samplesWhere(key, fails), 'NULL') + where;
}

function rangePasses(check: Extract<RowCheck, { type: 'range' }>): string {
  // TRY_CAST so that a column drifted to text is judged by its values (the schema check reports the drift);
  // isfinite because NaN compares above every number and would pass a lower bound.
  const value = `TRY_CAST(${col(check.column)} AS DOUBLE)`;
  const terms = [`isfinite(${value})`];
  if (check.min !== undefined) terms.push(`${value} ${check.minExclusive ? '>' : '>='} ${numberLiteral(check.min)}`);
  if (check.max !== undefined) terms.push(`${value} ${check.maxExclusive ? '<' : '<='} ${numberLiteral(check.max)}`);
  return terms.join(' AND ');
}

/** Duplicates are counted per value, and the samples are the repeated values themselves. */
function uniqueSql(columns: readonly string[], relation: Relation): string {
  const cols = columns.map(col);
  const groups = [
    `WITH g AS (`,
    `  SELECT concat_ws('|', ${cols.map((c) => `CAST(${c} AS VARCHAR)`).join(', ')}) AS value, count(*) AS n`,
    `  FROM ${relation} AS t`,
    `  WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')}`,
    `  GROUP BY ${cols.join(', ')})`,
  ].join('\n');
  return `${groups}\n${summary('g', 'coalesce(sum(n), 0)', 'coalesce(sum(n) FILTER (WHERE n > 1), 0)', samplesWhere('value', 'n > 1'), 'NULL')}`;
}
