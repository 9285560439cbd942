import { createPrivateKey } from 'node:crypto';
import type { ConnectionOptions } from 'snowflake-sdk';
import { ConfigError, readSettingFile, type Config } from '../../config';

/** The Snowflake settings a connection needs. */
export type SnowflakeSettings = Pick<
  Config,
  | 'snowflakeAccount'
  | 'snowflakeUrl'
  | 'snowflakeUser'
  | 'snowflakePassword'
  | 'snowflakePrivateKeyFile'
  | 'snowflakePrivateKeyPassphrase'
  | 'snowflakeRole'
  | 'snowflakeWarehouse'
  | 'snowflakeDatabase'
  | 'snowflakeSchema'
>;

/**
 * snowflake-sdk connection options: key-pair authentication (SNOWFLAKE_JWT) when a private key file is
 * set, else the password. loadConfig has already required the account, the user and one of the two.
 */
export function snowflakeConnectionOptions(c: SnowflakeSettings): ConnectionOptions {
  if (!c.snowflakeAccount || !c.snowflakeUser) throw new ConfigError(['SNOWFLAKE_ACCOUNT and SNOWFLAKE_USER: required for Snowflake']);
  const session = {
    account: c.snowflakeAccount,
    username: c.snowflakeUser,
    warehouse: c.snowflakeWarehouse,
    database: c.snowflakeDatabase,
    schema: c.snowflakeSchema,
    ...(c.snowflakeRole ? { role: c.snowflakeRole } : {}),
    ...(c.snowflakeUrl ? { accessUrl: c.snowflakeUrl } : {}),
    application: 'streamify',
  };
  if (c.snowflakePrivateKeyFile) {
    return {
      ...session,
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: unencryptedPkcs8(c.snowflakePrivateKeyFile, c.snowflakePrivateKeyPassphrase),
    };
  }
  if (c.snowflakePassword) return { ...session, authenticator: 'SNOWFLAKE', password: c.snowflakePassword };
  throw new ConfigError(['SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_FILE: one is required for Snowflake']);
}

/**
 * The driver takes the key as an unencrypted PKCS#8 PEM string; decrypting it here, in memory, lets an
 * encrypted key file (and a PKCS#1 one) work and turns a wrong passphrase into an error naming the settings.
 */
function unencryptedPkcs8(path: string, passphrase: string | undefined): string {
  const pem = readSettingFile('SNOWFLAKE_PRIVATE_KEY_FILE', path);
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) })
      .export({ format: 'pem', type: 'pkcs8' })
      .toString();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const hint = passphrase ? 'is SNOWFLAKE_PRIVATE_KEY_PASSPHRASE right?' : 'an encrypted key needs SNOWFLAKE_PRIVATE_KEY_PASSPHRASE';
    throw new ConfigError([`SNOWFLAKE_PRIVATE_KEY_FILE=${JSON.stringify(path)}: not a usable PEM private key (${why}); ${hint}`]);
  }
}
