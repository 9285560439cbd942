import { Client, Connection } from '@temporalio/client';
import type { Config } from '../../config';
import { temporalConnectionOptions, type TemporalConnectionSettings } from './connection-options';

/** A connection to the configured Temporal frontend, with its TLS and API key (the worker uses the same options). */
export function connectTemporal(c: TemporalConnectionSettings): Promise<Connection> {
  return Connection.connect(temporalConnectionOptions(c));
}

/** A Temporal client over a connection, in the configured namespace. */
export function temporalClient(connection: Connection, c: Pick<Config, 'temporalNamespace'>): Client {
  return new Client({ connection, namespace: c.temporalNamespace });
}
