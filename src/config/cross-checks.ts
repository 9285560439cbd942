import type { Config } from './load';
import { settings } from './settings';

type Key = keyof Config;

const nameOf = (key: Key): string => settings[key].name;

/** Settings that only make sense together: each problem names the setting to fix. */
export function crossChecks(c: Config): string[] {
  return [...kafkaSecurityChecks(c), ...temporalTlsChecks(c), ...snowflakeChecks(c), ...sparkChecks(c)];
}

/** The local Spark job reads and writes the lake as files: Spark here has no S3 client. */
function sparkChecks(c: Config): string[] {
  if (c.glueMode !== 'spark' || c.lakeUrl.startsWith('file://')) return [];
  return [`${nameOf('lakeUrl')}: must be a file:// URL when GLUE_MODE=spark (it is ${c.lakeUrl}); use GLUE_MODE=aws for an s3:// lake`];
}

function requireWhen(c: Config, keys: readonly Key[], when: string): string[] {
  return keys.filter((k) => !c[k]).map((k) => `${nameOf(k)}: required when ${when}`);
}

/** A setting that would be silently ignored is an error: it usually means another setting was forgotten. */
function unusedUnless(c: Config, keys: readonly Key[], unless: string): string[] {
  return keys.filter((k) => c[k] !== undefined).map((k) => `${nameOf(k)}: only used when ${unless}`);
}

/** Certificate and key of a client certificate come in pairs. */
function pairOf(c: Config, cert: Key, key: Key): string[] {
  if (c[cert] && !c[key]) return [`${nameOf(key)}: required with ${nameOf(cert)}`];
  if (c[key] && !c[cert]) return [`${nameOf(cert)}: required with ${nameOf(key)}`];
  return [];
}

const KAFKA_SASL_KEYS = ['kafkaSaslMechanism', 'kafkaSaslUsername', 'kafkaSaslPassword'] as const;
const KAFKA_SSL_KEYS = ['kafkaSslCaFile', 'kafkaSslCertFile', 'kafkaSslKeyFile'] as const;

function kafkaSecurityChecks(c: Config): string[] {
  const protocol = c.kafkaSecurityProtocol;
  const now = `(it is ${protocol})`;
  const sasl = protocol.startsWith('SASL_')
    ? requireWhen(c, KAFKA_SASL_KEYS, `KAFKA_SECURITY_PROTOCOL=${protocol}`)
    : unusedUnless(c, KAFKA_SASL_KEYS, `KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT or SASL_SSL ${now}`);
  const tls = protocol.endsWith('SSL')
    ? pairOf(c, 'kafkaSslCertFile', 'kafkaSslKeyFile')
    : unusedUnless(c, KAFKA_SSL_KEYS, `KAFKA_SECURITY_PROTOCOL is SSL or SASL_SSL ${now}`);
  return [...sasl, ...tls];
}

function temporalTlsChecks(c: Config): string[] {
  return pairOf(c, 'temporalTlsCertFile', 'temporalTlsKeyFile');
}

function snowflakeChecks(c: Config): string[] {
  const passphrase = c.snowflakePrivateKeyFile
    ? []
    : unusedUnless(c, ['snowflakePrivateKeyPassphrase'], 'SNOWFLAKE_PRIVATE_KEY_FILE is set');
  if (c.warehouse !== 'snowflake') return passphrase;
  const when = 'WAREHOUSE=snowflake';
  const credential =
    c.snowflakePassword || c.snowflakePrivateKeyFile
      ? []
      : [`SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_FILE: one is required when ${when}`];
  return [...requireWhen(c, ['snowflakeAccount', 'snowflakeUser'], when), ...credential, ...passphrase, ...snowflakeTransport(c)];
}

/** Loopback hosts, where a stand-in may answer over plain http: nothing leaves the machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Snowflake's login sends the password or a signed token: plain http only to a stand-in on this machine. */
function snowflakeTransport(c: Config): string[] {
  if (c.snowflakeUrl === undefined) return [];
  const url = new URL(c.snowflakeUrl);
  if (url.protocol === 'https:' || LOOPBACK.has(url.hostname)) return [];
  return [
    `${nameOf('snowflakeUrl')}: http:// would send the credentials in clear to ${url.host}; use https:// (plain http is for a stand-in on 127.0.0.1)`,
  ];
}
