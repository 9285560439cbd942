// Checks a SNOWFLAKE_JWT login the way Snowflake does: an RS256 JWT whose issuer is ACCOUNT.USER.SHA256:<fingerprint of
// the public key>, whose subject is ACCOUNT.USER, signed by the private key of the public key registered for the user
// (ALTER USER … SET RSA_PUBLIC_KEY), and not yet expired.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Snowflake's answer to any JWT it refuses: it never says which check failed. */
export const JWT_INVALID = { code: '390144', message: 'JWT token is invalid.' } as const;

/** `SHA256:` and the base64 SHA-256 of the public key's DER SubjectPublicKeyInfo, as Snowflake shows it (RSA_PUBLIC_KEY_FP). */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64')}`;
}

const decodePart = (part: string | undefined): Record<string, unknown> => {
  try {
    return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** A NumericDate in ms; snowflake-sdk writes `exp` and `iat` in milliseconds where the JWT standard has seconds, and Snowflake takes both. */
const numericDateMs = (value: unknown): number => (typeof value !== 'number' ? Number.NaN : value > 1e12 ? value : value * 1000);

/**
 * Why the token of a login as `user` of `account` is refused, or undefined when it is good. `publicKeyPem` is the key
 * registered for the user; account and user compare upper-cased, as Snowflake writes them in the claims.
 */
export function keyPairLoginRefusal(
  token: unknown,
  login: { account: string; user: string; publicKeyPem: string },
  nowMs: number,
): string | undefined {
  if (typeof token !== 'string') return 'no TOKEN in the login request';
  const [header, payload, signature] = token.split('.');
  if (decodePart(header).alg !== 'RS256') return 'the JWT is not signed with RS256';
  const publicKey = createPublicKey(login.publicKeyPem);
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(signature ?? '', 'base64url')))
    return 'the signature does not verify against the registered public key';
  const claims = decodePart(payload);
  const subject = `${login.account}.${login.user}`.toUpperCase();
  if (claims.sub !== subject) return `the subject is ${String(claims.sub)}, not ${subject}`;
  if (claims.iss !== `${subject}.${publicKeyFingerprint(publicKey)}`)
    return `the issuer ${String(claims.iss)} does not name the registered key`;
  if (!(numericDateMs(claims.exp) > nowMs)) return 'the JWT has expired';
  return undefined;
}
