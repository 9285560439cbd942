// The SQL of an hour's load into Snowflake: PUT the curated Parquet to a stage, COPY it into temporary staging tables,
// then replace the hour in one transaction. Pure: the adapter runs the statements in order on one connection.
import { formatHour } from '../hour';
import { quoteIdent, snowflakeLiteral } from '../quality/sql-text';
import { HOUR_COLUMN, addedColumnStatements } from './warehouse-tables';

/** The named stage and Parquet file format the load creates once and reuses. */
export const SNOWFLAKE_STAGE = 'STREAMIFY_ETL_STAGE';
export const SNOWFLAKE_PARQUET_FORMAT = 'STREAMIFY_PARQUET';

/** One table's part of the load: its local Parquet files. */
export interface SnowflakeTableLoad {
  readonly table: string;
  readonly files: readonly string[];
}

/** The statements of one hour's load, in the order they run. */
export interface SnowflakeHourLoad {
  /** Creates the format, the stage, the tables (from the files' schema) and fills the staging tables. */
  readonly prepare: readonly string[];
  /** Replaces the hour; run between BEGIN and COMMIT. */
  readonly replace: readonly string[];
  /** Removes the hour's staged files. */
  readonly cleanup: readonly string[];
}

/** A time as a Snowflake TIMESTAMP_NTZ (UTC) literal. */
export function snowflakeTimestamp(timeMs: number): string {
  return `TO_TIMESTAMP_NTZ(${snowflakeLiteral(new Date(timeMs).toISOString().slice(0, 19).replace('T', ' '))})`;
}

const stagePath = (table: string, hourStartMs: number): string => `@${SNOWFLAKE_STAGE}/${table}/${formatHour(hourStartMs)}/`;

/**
 * The statements of an hour's load. Tables are created from the Parquet's own schema (INFER_SCHEMA, names upper-cased),
 * so the SQL files define the columns once; an existing table whose hour has no files has its hour emptied.
 */
export function snowflakeHourLoad(
  hourStartMs: number,
  tables: readonly SnowflakeTableLoad[],
  existingTables: ReadonlySet<string>,
): SnowflakeHourLoad {
  const prepare = [
    `CREATE FILE FORMAT IF NOT EXISTS ${SNOWFLAKE_PARQUET_FORMAT} TYPE = PARQUET`,
    `CREATE STAGE IF NOT EXISTS ${SNOWFLAKE_STAGE} FILE_FORMAT = ${SNOWFLAKE_PARQUET_FORMAT}`,
  ];
  const replace: string[] = [];
  const cleanup: string[] = [];
  for (const { table, files } of tables) {
    const name = quoteIdent(table);
    const staging = quoteIdent(`${table}_STAGING`);
    const stage = stagePath(table, hourStartMs);
    if (files.length > 0) {
      prepare.push(
        `REMOVE ${stage}`,
        ...files.map((f) => `PUT ${snowflakeLiteral(`file://${f}`)} ${stage} AUTO_COMPRESS = FALSE OVERWRITE = TRUE`),
        `CREATE TABLE IF NOT EXISTS ${name} USING TEMPLATE (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID) FROM TABLE(INFER_SCHEMA(LOCATION => ${snowflakeLiteral(stage)}, FILE_FORMAT => ${snowflakeLiteral(SNOWFLAKE_PARQUET_FORMAT)}, IGNORE_CASE => TRUE)))`,
        ...(existingTables.has(table) ? addedColumnStatements(table, name) : []),
        `CREATE OR REPLACE TEMPORARY TABLE ${staging} LIKE ${name}`,
        `COPY INTO ${staging} FROM ${stage} FILE_FORMAT = (FORMAT_NAME = ${SNOWFLAKE_PARQUET_FORMAT}) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE FORCE = TRUE`,
      );
      cleanup.push(`REMOVE ${stage}`);
    }
    if (files.length === 0 && !existingTables.has(table)) continue;
    // An hour without files still replaces: a rerun over fewer rows must not keep the old ones.
    replace.push(`DELETE FROM ${name} WHERE ${HOUR_COLUMN.toUpperCase()} = ${snowflakeTimestamp(hourStartMs)}`);
    if (files.length > 0) replace.push(`INSERT INTO ${name} SELECT * FROM ${staging}`);
  }
  return { prepare, replace, cleanup };
}
