import type { TLSConfig } from '@temporalio/client';
import { readSettingFile, type Config } from '../../config';

/** The Temporal connection settings; absent TLS settings mean a plain connection, as on the local stack. */
export type TemporalConnectionSettings = Pick<Config, 'temporalAddress'> &
  Partial<
    Pick<
      Config,
      'temporalTls' | 'temporalTlsCertFile' | 'temporalTlsKeyFile' | 'temporalTlsCaFile' | 'temporalTlsServerName' | 'temporalApiKey'
    >
  >;

/** What both the client's Connection and the worker's NativeConnection take, so that both connect the same way. */
export interface TemporalConnectionOptions {
  readonly address: string;
  readonly tls?: TLSConfig;
  readonly apiKey?: string;
}

/**
 * The connection options of the configured Temporal: TLS when asked for or implied (a certificate, a CA, a
 * server name or an API key), mutual TLS with a client certificate, and the API key for Temporal Cloud.
 */
export function temporalConnectionOptions(c: TemporalConnectionSettings): TemporalConnectionOptions {
  const tls: TLSConfig = {
    ...(c.temporalTlsServerName ? { serverNameOverride: c.temporalTlsServerName } : {}),
    ...(c.temporalTlsCaFile ? { serverRootCACertificate: readSettingFile('TEMPORAL_TLS_CA_FILE', c.temporalTlsCaFile) } : {}),
    ...(c.temporalTlsCertFile && c.temporalTlsKeyFile
      ? {
          clientCertPair: {
            crt: readSettingFile('TEMPORAL_TLS_CERT_FILE', c.temporalTlsCertFile),
            key: readSettingFile('TEMPORAL_TLS_KEY_FILE', c.temporalTlsKeyFile),
          },
        }
      : {}),
  };
  const useTls = c.temporalTls === true || c.temporalApiKey !== undefined || Object.keys(tls).length > 0;
  return {
    address: c.temporalAddress,
    ...(useTls ? { tls } : {}),
    ...(c.temporalApiKey ? { apiKey: c.temporalApiKey } : {}),
  };
}
