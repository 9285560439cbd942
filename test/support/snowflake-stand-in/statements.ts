// Runs one Snowflake statement of a session on DuckDB. Plain SQL goes to DuckDB as it is (with TO_TIMESTAMP_NTZ and
// PARSE_JSON defined, and Snowflake's column types renamed in CREATE); the Snowflake-only statements a Parquet load uses (file formats, stages, PUT, REMOVE, CREATE TABLE
// … USING TEMPLATE over INFER_SCHEMA, CREATE TABLE … LIKE, COPY INTO) are carried out here, with stages as folders.
// Anything else fails the way Snowflake fails: an error with a code and an SQL state.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { countRowset, rowsetOf, textRowset, type Rowset } from './rowset';

/** A statement Snowflake refuses, with its error code (e.g. 002003) and SQL state. */
export class SnowflakeStatementError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sqlState: string,
  ) {
    super(message);
  }
}

/** What the server answers a statement with: rows, or the instructions of a PUT for the driver to carry out. */
export type Answer = { readonly rows: Rowset; readonly statementTypeId: number } | { readonly upload: Record<string, unknown> };

/** One logged-in session: its own DuckDB connection (so temporary tables and transactions are its own). */
export interface Session {
  readonly db: DuckDBConnection;
  /** The folder that holds every stage, one sub-folder each. */
  readonly stagesDir: string;
  /** File formats created so far, shared by every session of the stand-in. */
  readonly fileFormats: Set<string>;
  inTransaction: boolean;
}

const SELECT = 0x1000;
const DML = { INSERT: 0x3100, UPDATE: 0x3200, DELETE: 0x3300, COPY: 0x3000 } as const;
const DDL = 0x6000;
const TRANSACTION = 0x5000;

const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const STAGE_PATH = String.raw`@([A-Za-z_][\w$]*)(\/[^\s']*)?`;

/** An identifier as Snowflake resolves it: quoted as written, unquoted folded to upper case; quoted for DuckDB. */
const resolve = (ident: string): string => (ident.startsWith('"') ? ident : `"${ident.toUpperCase()}"`);

const status = (text: string): Answer => ({ rows: textRowset(['status'], [[text]]), statementTypeId: DDL });

function stageDir(session: Session, stage: string, path = ''): string {
  const dir = join(session.stagesDir, stage.toUpperCase());
  if (!existsSync(dir))
    throw new SnowflakeStatementError(
      `SQL compilation error:\nStage '${stage.toUpperCase()}' does not exist or not authorized.`,
      '002003',
      '02000',
    );
  return join(dir, path);
}

async function stagedFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function tableExists(session: Session, name: string): Promise<boolean> {
  const unquoted = resolve(name).slice(1, -1).replaceAll('""', '"');
  const found = await session.db.runAndReadAll('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [unquoted]);
  return found.currentRowCount > 0;
}

const option = (text: string, name: string): string | undefined =>
  new RegExp(String.raw`\b${name}\s*=\s*'?(\w+)'?`, 'i').exec(text)?.[1]?.toUpperCase();

const sqlList = (paths: readonly string[]): string => `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`;

type Handler = (m: RegExpExecArray, session: Session) => Promise<Answer>;

/** The Snowflake-only statements, each a pattern over the whole statement and what it does. */
const HANDLERS: ReadonlyArray<readonly [RegExp, Handler]> = [
  [
    new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?FILE\s+FORMAT\s+(?:IF\s+NOT\s+EXISTS\s+)?${IDENT}\s+(.*)$`, 'is'),
    async ([, name = '', rest = ''], session) => {
      if (option(rest, 'TYPE') !== 'PARQUET')
        throw new SnowflakeStatementError('the stand-in supports Parquet file formats only', '000002', '0A000');
      session.fileFormats.add(resolve(name));
      return status(`File format ${resolve(name)} successfully created.`);
    },
  ],
  [
    new RegExp(String.raw`^CREATE\s+(OR\s+REPLACE\s+)?STAGE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][\w$]*)\b`, 'is'),
    async ([, replace, name = ''], session) => {
      const dir = join(session.stagesDir, name.toUpperCase());
      if (replace) await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      return status(`Stage area ${name.toUpperCase()} successfully created.`);
    },
  ],
  [
    new RegExp(String.raw`^PUT\s+'file://([^']+)'\s+${STAGE_PATH}(.*)$`, 'is'),
    async ([, file = '', stage = '', path, rest = ''], session) => ({
      upload: {
        command: 'UPLOAD',
        src_locations: [file],
        autoCompress: option(rest, 'AUTO_COMPRESS') !== 'FALSE',
        sourceCompression: 'auto_detect',
        parallel: 1,
        overwrite: option(rest, 'OVERWRITE') === 'TRUE',
        stageInfo: { locationType: 'LOCAL_FS', location: stageDir(session, stage, path), path: '', region: null, creds: {} },
      },
    }),
  ],
  [
    new RegExp(String.raw`^(?:REMOVE|RM)\s+${STAGE_PATH}\s*$`, 'is'),
    async ([, stage = '', path], session) => {
      const files = await stagedFiles(stageDir(session, stage, path));
      await Promise.all(files.map((f) => rm(f)));
      return {
        rows: textRowset(
          ['name', 'result'],
          files.map((f) => [f, 'removed']),
        ),
        statementTypeId: DDL,
      };
    },
  ],
  [
    new RegExp(String.raw`^CREATE\s+(OR\s+REPLACE\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?${IDENT}\s+USING\s+TEMPLATE\s*\((.*)\)\s*$`, 'is'),
    async ([, replace, ifNotExists, name = '', template = ''], session) => {
      // Snowflake checks IF NOT EXISTS before it reads the template's files.
      if (ifNotExists && (await tableExists(session, name))) return status(`${resolve(name)} already exists, statement succeeded.`);
      const infer = /ARRAY_AGG\s*\(\s*OBJECT_CONSTRUCT\s*\(\s*\*\s*\)\s*\).*INFER_SCHEMA\s*\((.*?)\)\s*\)/is.exec(template);
      const location = infer && new RegExp(String.raw`LOCATION\s*=>\s*'${STAGE_PATH}'`, 'i').exec(infer[1] ?? '');
      const format = infer && new RegExp(String.raw`FILE_FORMAT\s*=>\s*'([^']+)'`, 'i').exec(infer[1] ?? '');
      if (!location || !format)
        throw new SnowflakeStatementError(
          'USING TEMPLATE needs ARRAY_AGG(OBJECT_CONSTRUCT(*)) over INFER_SCHEMA(LOCATION, FILE_FORMAT)',
          '001003',
          '42000',
        );
      if (!session.fileFormats.has(resolve(format[1] ?? '')))
        throw new SnowflakeStatementError(
          `SQL compilation error:\nFile format '${format[1]}' does not exist or not authorized.`,
          '002003',
          '02000',
        );
      const files = await stagedFiles(stageDir(session, location[1] ?? '', location[2]));
      if (files.length === 0)
        throw new SnowflakeStatementError(`Cannot infer schema: no files at @${location[1]}${location[2] ?? ''}`, '100000', '22000');
      const ignoreCase = /IGNORE_CASE\s*=>\s*TRUE/i.test(infer?.[1] ?? '');
      const described = (
        await session.db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlList(files)}, union_by_name = true)`)
      ).getRowObjectsJS();
      const columns = described.map(
        (c) =>
          `"${(ignoreCase ? String(c.column_name).toUpperCase() : String(c.column_name)).replaceAll('"', '""')}" ${String(c.column_type)}`,
      );
      await session.db.run(
        `CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${resolve(name)} (${columns.join(', ')})`,
      );
      return status(`Table ${resolve(name)} successfully created.`);
    },
  ],
  [
    new RegExp(
      String.raw`^CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?TABLE\s+(IF\s+NOT\s+EXISTS\s+)?${IDENT}\s+LIKE\s+${IDENT}\s*$`,
      'is',
    ),
    async ([, replace, temporary, ifNotExists, name = '', like = ''], session) => {
      await session.db.run(
        `CREATE ${replace ? 'OR REPLACE ' : ''}${temporary ? 'TEMPORARY ' : ''}TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${resolve(name)} AS SELECT * FROM ${resolve(like)} LIMIT 0`,
      );
      return status(`Table ${resolve(name)} successfully created.`);
    },
  ],
  [
    new RegExp(String.raw`^COPY\s+INTO\s+${IDENT}\s+FROM\s+${STAGE_PATH}(.*)$`, 'is'),
    async ([, table = '', stage = '', path, rest = ''], session) => {
      // Parquet loads into the table's columns only by name; without MATCH_BY_COLUMN_NAME it goes to a single VARIANT column.
      if (option(rest, 'MATCH_BY_COLUMN_NAME') !== 'CASE_INSENSITIVE')
        throw new SnowflakeStatementError(
          'the stand-in loads Parquet with MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE only',
          '000002',
          '0A000',
        );
      const files = await stagedFiles(stageDir(session, stage, path));
      if (files.length === 0)
        return { rows: textRowset(['status'], [['Copy executed with 0 files processed.']]), statementTypeId: DML.COPY };
      const loaded: string[][] = [];
      for (const file of files) {
        const result = await session.db.run(`INSERT INTO ${resolve(table)} BY NAME SELECT * FROM read_parquet(${sqlList([file])})`);
        loaded.push([file, 'LOADED', String(result.rowsChanged), String(result.rowsChanged)]);
      }
      return { rows: textRowset(['file', 'status', 'rows_parsed', 'rows_loaded'], loaded), statementTypeId: DML.COPY };
    },
  ],
];

/** Snowflake's error code and SQL state for a DuckDB error, by its kind (the text before the colon). */
function snowflakeError(err: unknown): SnowflakeStatementError {
  if (err instanceof SnowflakeStatementError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const kind = /^(\w+) Error:/.exec(message)?.[1];
  const [code, sqlState] =
    kind === 'Parser'
      ? ['001003', '42000']
      : kind === 'Catalog'
        ? ['002003', '42S02']
        : kind === 'Binder'
          ? ['000904', '42000']
          : ['100000', '22000'];
  return new SnowflakeStatementError(message, code, sqlState);
}

/** Snowflake's column types that DuckDB names otherwise: VARIANT keeps JSON text, as Snowflake's keys are case-sensitive. */
const COLUMN_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bTIMESTAMP_NTZ\b/gi, 'TIMESTAMP'],
  [/\bVARIANT\b/gi, 'JSON'],
];

/** Plain SQL on DuckDB, answered the way Snowflake answers it: rows, a DML count, or a status. */
async function runOnDuckDb(session: Session, statement: string, binds: DuckDBValue[]): Promise<Answer> {
  // Leading comments are not the verb: Snowflake runs a statement that opens with one (the original README's queries do).
  const verb = /^(?:\s*--[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? '';
  const sqlText = verb === 'CREATE' ? COLUMN_TYPES.reduce((sql, [type, duckType]) => sql.replace(type, duckType), statement) : statement;
  if (['CREATE', 'DROP', 'ALTER', 'TRUNCATE'].includes(verb) && session.inTransaction) {
    // Snowflake commits an open transaction before DDL.
    await session.db.run('COMMIT');
    session.inTransaction = false;
  }
  const reader = await session.db.runAndReadAll(sqlText, binds);
  if (verb === 'BEGIN' || verb === 'START') session.inTransaction = true;
  if (verb === 'COMMIT' || verb === 'ROLLBACK') session.inTransaction = false;
  if (verb === 'INSERT') return { rows: countRowset('inserted', reader.rowsChanged), statementTypeId: DML.INSERT };
  if (verb === 'UPDATE') return { rows: countRowset('updated', reader.rowsChanged), statementTypeId: DML.UPDATE };
  if (verb === 'DELETE') return { rows: countRowset('deleted', reader.rowsChanged), statementTypeId: DML.DELETE };
  if (['BEGIN', 'START', 'COMMIT', 'ROLLBACK'].includes(verb))
    return { ...status('Statement executed successfully.'), statementTypeId: TRANSACTION };
  if (['SELECT', 'WITH', 'SHOW', 'DESCRIBE'].includes(verb)) return { rows: rowsetOf(reader), statementTypeId: SELECT };
  return status('Statement executed successfully.');
}

/** Runs one statement of the session; rejects with a SnowflakeStatementError. */
export async function executeStatement(session: Session, sqlText: string, binds: DuckDBValue[]): Promise<Answer> {
  const statement = sqlText.trim().replace(/;\s*$/, '');
  try {
    for (const [pattern, handle] of HANDLERS) {
      const match = pattern.exec(statement);
      if (match) return await handle(match, session);
    }
    return await runOnDuckDb(session, statement, binds);
  } catch (err) {
    throw snowflakeError(err);
  }
}

/** Prepares a new session's connection: the Snowflake functions the loads use, as DuckDB macros. */
export async function openSession(db: DuckDBConnection, shared: Pick<Session, 'stagesDir' | 'fileFormats'>): Promise<Session> {
  await db.run('CREATE OR REPLACE TEMP MACRO TO_TIMESTAMP_NTZ(t) AS CAST(t AS TIMESTAMP)');
  await db.run('CREATE OR REPLACE TEMP MACRO PARSE_JSON(t) AS CAST(t AS JSON)');
  return { db, ...shared, inTransaction: false };
}
