/** A SQL expression that yields a dataset's rows; only the builders below make one, so no raw text reaches a query. */
export type Relation = string & { readonly __relation: unique symbol };

/** Quotes an identifier (column, table, schema) for DuckDB and Snowflake alike. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new RangeError('an SQL identifier cannot be empty');
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string as a SQL literal, by the standard's rule (DuckDB's): a quote is doubled, a backslash is itself. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Quotes a string as a Snowflake literal: Snowflake also reads a backslash as an escape, so a backslash is doubled
 * too, or a value ending in one would end the literal early and run on as SQL.
 */
export function snowflakeLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** Writes a finite number as a SQL literal. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  return String(value);
}

/** The rows of Parquet files read as one relation; union_by_name so that a file with drifted columns still reads. */
export function parquetRelation(paths: readonly string[]): Relation {
  if (paths.length === 0) throw new RangeError('a Parquet relation needs at least one file');
  return `read_parquet([${paths.map(sqlLiteral).join(', ')}], union_by_name = true, hive_partitioning = false)` as Relation;
}

/** A table, optionally qualified (`schema.table`, `catalog.schema.table`), with each part quoted. */
export function tableRelation(qualifiedName: string): Relation {
  return qualifiedName.split('.').map(quoteIdent).join('.') as Relation;
}
