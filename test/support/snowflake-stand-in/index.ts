// A protocol-level stand-in for Snowflake, so the real snowflake-sdk is tested over HTTP: it answers the endpoints the
// Node driver calls (login, query, session delete, heartbeat, telemetry) with Snowflake's JSON result format and runs
// the statements on a DuckDB file. fakesnow's server answers queries in Arrow only, which the Node driver cannot read.
// It logs in with a password or a key pair (SNOWFLAKE_JWT), and a test can make a chosen statement fail.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { JWT_INVALID, keyPairLoginRefusal } from './key-pair-login';
import { executeStatement, openSession, type Session, type SnowflakeStatementError } from './statements';

/** The one user the stand-in knows: a password, the public key registered for it (RSA_PUBLIC_KEY), or both. */
export interface StandInUser {
  readonly user: string;
  readonly password?: string;
  /** PEM of the public key whose private key signs the user's SNOWFLAKE_JWT logins. */
  readonly publicKeyPem?: string;
}

/** A running stand-in. */
export interface SnowflakeStandIn {
  /** Its address, for SNOWFLAKE_URL. */
  readonly url: string;
  /** The DuckDB file it keeps the tables in. */
  readonly databasePath: string;
  /** Statements run so far, in order, for tests that check what the driver sent. */
  readonly statements: readonly string[];
  /** Login requests so far, each by its authenticator (SNOWFLAKE for a password, SNOWFLAKE_JWT for a key pair). */
  readonly logins: readonly string[];
  /** Makes the next statement that matches `pattern` fail with Snowflake's error, instead of running it. */
  failNextStatement(pattern: RegExp, error: SnowflakeStatementError): void;
  close(): Promise<void>;
}

interface Binding {
  readonly type: string;
  readonly value: string | null;
}

/** A bind value as DuckDB takes it: snowflake-sdk sends every value as text with a type name. */
function bindValue({ type, value }: Binding): DuckDBValue {
  if (value === null) return null;
  if (type === 'FIXED') return BigInt(value);
  if (type === 'REAL') return Number(value);
  if (type === 'BOOLEAN') return value === 'true' || value === '1';
  return value;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  return JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const failure = (code: string, message: string, data: Record<string, unknown> = {}) => ({
  success: false,
  code,
  message,
  data: { errorCode: code, ...data },
});

/**
 * Starts the stand-in on a free loopback port, keeping its tables in `dir`/snowflake.duckdb and its stages under
 * `dir`/stages. It accepts the given user only, with its password or a JWT signed by its key.
 */
export async function startSnowflakeStandIn(dir: string, credentials: StandInUser): Promise<SnowflakeStandIn> {
  await mkdir(dir, { recursive: true });
  const databasePath = join(dir, 'snowflake.duckdb');
  const instance = await DuckDBInstance.create(databasePath);
  const shared = { stagesDir: join(dir, 'stages'), fileFormats: new Set<string>() };
  const sessions = new Map<string, Session>();
  const statements: string[] = [];
  const logins: string[] = [];
  const faults: Array<{ pattern: RegExp; error: SnowflakeStatementError }> = [];

  /** The session token the driver sends after login, as `Authorization: Snowflake Token="…"`. */
  const tokenOf = (req: IncomingMessage): string => /Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? '';

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const data = ((await jsonBody(req)).data ?? {}) as Record<string, unknown>;
    const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE');
    logins.push(authenticator);
    if (authenticator === 'SNOWFLAKE_JWT') {
      const { publicKeyPem } = credentials;
      const refusal =
        publicKeyPem === undefined
          ? 'the user has no RSA_PUBLIC_KEY'
          : data.LOGIN_NAME !== credentials.user
            ? 'no such user'
            : keyPairLoginRefusal(data.TOKEN, { account: String(data.ACCOUNT_NAME), user: credentials.user, publicKeyPem }, Date.now());
      if (refusal !== undefined) {
        // Snowflake keeps the reason to itself; the stand-in hands it to the test in a field the driver ignores.
        reply(res, 200, failure(JWT_INVALID.code, JWT_INVALID.message, { standInReason: refusal }));
        return;
      }
    } else if (credentials.password === undefined || data.LOGIN_NAME !== credentials.user || data.PASSWORD !== credentials.password) {
      reply(res, 200, failure('390100', 'Incorrect username or password was specified.'));
      return;
    }
    const token = randomUUID();
    sessions.set(token, await openSession(await instance.connect(), shared));
    const url = new URL(req.url ?? '/', 'http://stand-in');
    reply(res, 200, {
      success: true,
      data: {
        token,
        masterToken: randomUUID(),
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: sessions.size,
        parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        sessionInfo: {
          databaseName: url.searchParams.get('databaseName'),
          schemaName: url.searchParams.get('schemaName'),
          warehouseName: url.searchParams.get('warehouse'),
          roleName: url.searchParams.get('roleName') ?? 'PUBLIC',
        },
      },
    });
  }

  async function query(req: IncomingMessage, res: ServerResponse, session: Session): Promise<void> {
    const body = await jsonBody(req);
    const sqlText = String(body.sqlText ?? '');
    const bindings = (body.bindings ?? {}) as Record<string, Binding>;
    const binds = Object.keys(bindings)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => bindValue(bindings[k] as Binding));
    statements.push(sqlText);
    const queryId = randomUUID();
    try {
      const fault = faults.findIndex(({ pattern }) => pattern.test(sqlText));
      if (fault >= 0) throw faults.splice(fault, 1)[0]?.error;
      const answer = await executeStatement(session, sqlText, binds);
      if ('upload' in answer) {
        reply(res, 200, { success: true, data: { ...answer.upload, queryId } });
        return;
      }
      const { rows, statementTypeId } = answer;
      reply(res, 200, {
        success: true,
        data: {
          ...rows,
          total: rows.rowset.length,
          returned: rows.rowset.length,
          queryId,
          statementTypeId,
          queryResultFormat: 'json',
          parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        },
      });
    } catch (err) {
      const { code, message, sqlState } = err as SnowflakeStatementError;
      reply(res, 200, failure(code, message, { sqlState, queryId }));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname: path, searchParams } = new URL(req.url ?? '/', 'http://stand-in');
    if (path === '/session/v1/login-request') return login(req, res);
    if (path === '/telemetry/send') return reply(res, 200, { success: true, data: null });
    const token = tokenOf(req);
    const session = sessions.get(token);
    if (!session) return reply(res, 401, failure('390104', 'User must login again to access the service.'));
    if (path === '/queries/v1/query-request') return query(req, res, session);
    if (path === '/session' && searchParams.get('delete') === 'true') {
      sessions.delete(token);
      session.db.closeSync();
      return reply(res, 200, { success: true, data: null });
    }
    if (path === '/session/heartbeat') return reply(res, 200, { success: true, data: null });
    reply(res, 404, failure('390400', `the stand-in does not serve ${path}`));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, 500, failure('100000', String(err))));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    databasePath,
    statements,
    logins,
    failNextStatement: (pattern, error) => void faults.push({ pattern, error }),
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      for (const session of sessions.values()) session.db.closeSync();
      sessions.clear();
      instance.closeSync();
    },
  };
}
