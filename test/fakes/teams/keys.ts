/**
 * RSA signing keys and RS256 JWTs for the fake Teams / Bot Framework / Entra ID services, with
 * node:crypto only (no JWT library), so tests can mint valid, expired, mis-addressed and
 * wrongly-signed tokens at will.
 */
import { createHash, createPublicKey, createSign, createVerify, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-1 thumbprint of the public key (base64url), as the `x5t` header the real keys carry. */
  x5t: string;
}

/** A JSON Web Key as login.botframework.com publishes it (plus the Bot Framework `endorsements`). */
export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  endorsements?: string[];
}

export type JwtClaims = Record<string, unknown>;

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** A fresh 2048-bit RSA key. Pass `kid` to mint an impostor key under a published key id. */
export function createSigningKey(options: { kid?: string } = {}): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { kid: options.kid ?? randomUUID().replaceAll('-', ''), privateKey, publicKey, x5t: base64url(createHash('sha1').update(der).digest()) };
}

export function toJwk(key: SigningKey, endorsements?: string[]): Jwk {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, x5t: key.x5t, n: jwk.n, e: jwk.e, ...(endorsements ? { endorsements } : {}) };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Signs `claims` as an RS256 JWT. `header` overrides header fields (e.g. `{ kid: 'unknown' }`
 * or `{ alg: 'HS256' }` to produce tokens the validator must refuse).
 */
export function signJwt(claims: JwtClaims, key: SigningKey, header: Record<string, unknown> = {}): string {
  const head = { alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.x5t, ...header };
  const signingInput = `${base64url(JSON.stringify(head))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: JwtClaims;
}

/** Decodes without verifying; undefined when the token is not a JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as JwtClaims,
    };
  } catch {
    return undefined;
  }
}

export type VerifyResult = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

/**
 * Verifies an RS256 JWT against `keys` (by kid) and checks exp/nbf (with `clockSkewSeconds`),
 * and optionally `aud` and `iss`.
 */
export function verifyJwt(
  token: string,
  keys: Array<SigningKey | Jwk>,
  expect: { audience?: string | string[]; issuer?: string | string[]; clockSkewSeconds?: number } = {},
): VerifyResult {
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, reason: 'malformed token' };
  if (decoded.header.alg !== 'RS256') return { ok: false, reason: `unsupported alg ${String(decoded.header.alg)}` };
  const key = keys.find((k) => k.kid === decoded.header.kid);
  if (!key) return { ok: false, reason: `unknown kid ${String(decoded.header.kid)}` };
  const publicKey = 'publicKey' in key ? key.publicKey : createPublicKey({ key: { kty: 'RSA', n: key.n, e: key.e }, format: 'jwk' });
  const [head, body, signature] = token.split('.') as [string, string, string];
  const valid = createVerify('RSA-SHA256').update(`${head}.${body}`).verify(publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) return { ok: false, reason: 'invalid signature' };
  const claims = decoded.payload;
  const now = nowSeconds();
  const skew = expect.clockSkewSeconds ?? 0;
  if (typeof claims.exp !== 'number' || claims.exp + skew <= now) return { ok: false, reason: 'token expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - skew > now) return { ok: false, reason: 'token not yet valid' };
  const matches = (actual: unknown, wanted: string | string[]) => (Array.isArray(wanted) ? wanted : [wanted]).includes(String(actual));
  if (expect.audience !== undefined && !matches(claims.aud, expect.audience)) return { ok: false, reason: `invalid audience ${String(claims.aud)}` };
  if (expect.issuer !== undefined && !matches(claims.iss, expect.issuer)) return { ok: false, reason: `invalid issuer ${String(claims.iss)}` };
  return { ok: true, claims };
}
