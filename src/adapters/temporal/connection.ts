import { Client, Connection } from '@temporalio/client';
import type { Config } from '../../config';

/** A connection to the configured Temporal frontend. */
export function connectTemporal(c: Pick<Config, 'temporalAddress'>): Promise<Connection> {
  return Connection.connect({ address: c.temporalAddress });
}

/** A Temporal client over a connection, in the configured namespace. */
export function temporalClient(connection: Connection, c: Pick<Config, 'temporalNamespace'>): Client {
  return new Client({ connection, namespace: c.temporalNamespace });
}
