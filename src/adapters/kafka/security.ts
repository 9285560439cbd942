import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { readSettingFile, type Config } from '../../config';

/** The Kafka security settings; absent ones mean PLAINTEXT, as on the local stack. */
export type KafkaSecuritySettings = Partial<
  Pick<
    Config,
    | 'kafkaSecurityProtocol'
    | 'kafkaSslCaFile'
    | 'kafkaSslCertFile'
    | 'kafkaSslKeyFile'
    | 'kafkaSaslMechanism'
    | 'kafkaSaslUsername'
    | 'kafkaSaslPassword'
  >
>;

/** The kafkajs `ssl` and `sasl` options of KAFKA_SECURITY_PROTOCOL, reading the CA and client certificate files. */
export function kafkaSecurityOptions(c: KafkaSecuritySettings): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const protocol = c.kafkaSecurityProtocol ?? 'PLAINTEXT';
  const ssl = protocol === 'SSL' || protocol === 'SASL_SSL' ? tlsOptions(c) : undefined;
  const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL' ? saslOptions(c) : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/** Server verification stays on: a custom CA adds trust, it never turns checking off. */
function tlsOptions(c: KafkaSecuritySettings): ConnectionOptions | true {
  const options: ConnectionOptions = {
    ...(c.kafkaSslCaFile ? { ca: readSettingFile('KAFKA_SSL_CA_FILE', c.kafkaSslCaFile) } : {}),
    ...(c.kafkaSslCertFile ? { cert: readSettingFile('KAFKA_SSL_CERT_FILE', c.kafkaSslCertFile) } : {}),
    ...(c.kafkaSslKeyFile ? { key: readSettingFile('KAFKA_SSL_KEY_FILE', c.kafkaSslKeyFile) } : {}),
  };
  return Object.keys(options).length > 0 ? options : true;
}

function saslOptions(c: KafkaSecuritySettings): SASLOptions {
  const { kafkaSaslMechanism: mechanism, kafkaSaslUsername: username, kafkaSaslPassword: password } = c;
  // loadConfig already refuses these; this guards callers that build settings by hand.
  if (!mechanism || !username || password === undefined) {
    throw new Error('KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with SASL');
  }
  // Two branches only so that TypeScript can pick kafkajs' option type per mechanism.
  return mechanism === 'plain' ? { mechanism, username, password } : { mechanism, username, password };
}
