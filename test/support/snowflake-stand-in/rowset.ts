// A DuckDB result as Snowflake's JSON result format: `rowtype` (column metadata) and `rowset` (every value a string,
// or null), which is what snowflake-sdk parses. Times go as seconds since the epoch, dates as days, as Snowflake sends them.
import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';

/** One column of a result as Snowflake describes it. */
export interface RowType {
  readonly name: string;
  readonly type: 'fixed' | 'real' | 'text' | 'boolean' | 'date' | 'timestamp_ntz' | 'variant';
  readonly scale: number;
  readonly precision: number;
  readonly nullable: boolean;
}

/** A result in Snowflake's JSON format. */
export interface Rowset {
  readonly rowtype: readonly RowType[];
  readonly rowset: ReadonlyArray<ReadonlyArray<string | null>>;
}

const TIMESTAMP_SCALE = 6;

/** Snowflake's column type for a DuckDB type name. */
function snowflakeType(duckType: string): Pick<RowType, 'type' | 'scale' | 'precision'> {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { type: 'fixed', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(duckType)) return { type: 'fixed', precision: 38, scale: 0 };
  if (duckType === 'DOUBLE' || duckType === 'FLOAT') return { type: 'real', precision: 0, scale: 0 };
  if (duckType === 'BOOLEAN') return { type: 'boolean', precision: 0, scale: 0 };
  if (duckType === 'DATE') return { type: 'date', precision: 0, scale: 0 };
  if (duckType === 'TIMESTAMP') return { type: 'timestamp_ntz', precision: 0, scale: TIMESTAMP_SCALE };
  if (duckType === 'JSON') return { type: 'variant', precision: 0, scale: 0 };
  return { type: 'text', precision: 0, scale: 0 };
}

/** Snowflake folds unquoted identifiers to upper case; DuckDB keeps them as written, so a plain name is folded here. */
function snowflakeName(duckName: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(duckName) ? duckName.toUpperCase() : duckName;
}

function rawValue(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (value instanceof DuckDBTimestampValue) {
    const perSecond = 10n ** BigInt(TIMESTAMP_SCALE);
    const seconds = value.micros / perSecond - (value.micros % perSecond < 0n ? 1n : 0n);
    const fraction = value.micros - seconds * perSecond;
    return `${seconds}.${fraction.toString().padStart(TIMESTAMP_SCALE, '0')}`;
  }
  if (value instanceof DuckDBDateValue) return String(value.days);
  if (value instanceof DuckDBDecimalValue) return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** A DuckDB result read in full, in Snowflake's format. */
export function rowsetOf(reader: DuckDBResultReader): Rowset {
  const types = reader.columnTypes().map(String);
  return {
    rowtype: reader.columnNames().map((name, i) => ({ name: snowflakeName(name), nullable: true, ...snowflakeType(types[i] ?? '') })),
    rowset: reader.getRows().map((row) => row.map(rawValue)),
  };
}

/** A result of one row of text columns, as Snowflake answers DDL (`status`) and file commands. */
export function textRowset(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): Rowset {
  return {
    rowtype: columns.map((name) => ({ name, type: 'text', scale: 0, precision: 0, nullable: true })),
    rowset: rows,
  };
}

/** A DML result: Snowflake names the count after what the statement did (`number of rows deleted`). */
export function countRowset(verb: 'inserted' | 'updated' | 'deleted', count: number | bigint): Rowset {
  return {
    rowtype: [{ name: `number of rows ${verb}`, type: 'fixed', scale: 0, precision: 38, nullable: false }],
    rowset: [[String(count)]],
  };
}
