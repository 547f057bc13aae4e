/**
 * Certificate credentials for the bot's identity (municipal IT often forbids client secrets): instead
 * of `client_secret`, the token request carries a client assertion, a JWT signed with the certificate's
 * private key, as Microsoft Entra ID documents for certificate credentials (and as the SDK's
 * CertificateAppCredentials does through MSAL, which refuses http authorities: see auth.ts).
 */
import { randomUUID, sign } from 'node:crypto';

export interface ClientCertificate {
  /** The certificate's SHA-1 thumbprint, 40 hex characters (as the Azure portal shows it). */
  thumbprint: string;
  /** The certificate's private key, PEM. */
  privateKey: string;
}

/** Entra ID keeps an assertion valid for as long as it says; ten minutes is plenty for one request. */
const LIFETIME_SECONDS = 600;

export function clientAssertion(appId: string, tokenUrl: string, certificate: ClientCertificate, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: Buffer.from(certificate.thumbprint, 'hex').toString('base64url') };
  const claims = { aud: tokenUrl, iss: appId, sub: appId, jti: randomUUID(), iat: now, nbf: now, exp: now + LIFETIME_SECONDS };
  const signed = `${encode(header)}.${encode(claims)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), certificate.privateKey).toString('base64url')}`;
}

function encode(part: object): string {
  return Buffer.from(JSON.stringify(part)).toString('base64url');
}
