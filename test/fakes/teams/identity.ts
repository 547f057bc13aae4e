/**
 * The identity side of the fake: the Bot Framework OpenID metadata + JWKS (which the bot uses
 * to validate inbound activities) and an Entra ID-like client-credentials token endpoint (which
 * issues the bearer tokens the fake connector and fake Graph then require).
 */
import { createVerify, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { bearerOf, type FakeRequest, type Handled } from './http-types.ts';
import { createSigningKey, decodeJwt, nowSeconds, signJwt, toJwk, verifyJwt, type JwtClaims, type SigningKey, type VerifyResult } from './keys.ts';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const CONNECTOR_AUDIENCE = 'https://api.botframework.com';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const OPENID_PATH = '/v1/.well-known/openidconfiguration';
export const JWKS_PATH = '/v1/.well-known/keys';

export interface IdentityOptions {
  url: string;
  appId: string;
  appPassword: string;
  tenantId: string;
  endorsements: string[];
  tokenLifetimeSeconds: number;
}

/** Claims to override in a signed activity token; `undefined` removes a claim. */
export type ClaimOverrides = Record<string, unknown>;

export class FakeIdentity {
  /** Signs the tokens "Teams" puts on inbound activities; published in the JWKS. */
  readonly channelKey: SigningKey = createSigningKey();
  /** Signs the access tokens the token endpoint issues to the bot (never published). */
  readonly entraKey: SigningKey = createSigningKey();
  tokensIssued = 0;
  /** Certificates uploaded to the app registration: SHA-1 thumbprint (hex, upper case) → public key. */
  readonly certificates = new Map<string, KeyObject>();
  /** Client assertions the token endpoint accepted, decoded (header and claims). */
  readonly assertions: Array<{ header: Record<string, unknown>; claims: JwtClaims }> = [];

  constructor(private readonly options: IdentityOptions) {}

  get tokenIssuer(): string {
    return `${this.options.url}/${this.options.tenantId}/v2.0`;
  }

  /** Uploads a certificate (PEM) to the app registration, as in Certificates & secrets; returns its thumbprint. */
  registerCertificate(pem: string): string {
    const certificate = new X509Certificate(pem);
    const thumbprint = certificate.fingerprint.replace(/:/g, '').toUpperCase();
    this.certificates.set(thumbprint, certificate.publicKey);
    return thumbprint;
  }

  /** An inbound-activity token as the Bot Framework channel signs it. */
  signActivityToken(serviceUrl: string, overrides: ClaimOverrides = {}, sign: { key?: SigningKey; header?: Record<string, unknown> } = {}): string {
    const now = nowSeconds();
    const claims: JwtClaims = { serviceurl: serviceUrl, nbf: now - 5, exp: now + 3600, iss: BOT_FRAMEWORK_ISSUER, aud: this.options.appId };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return signJwt(claims, sign.key ?? this.channelKey, sign.header);
  }

  /** Validates a bearer token the bot sent to the connector (or Graph). */
  verifyBearer(headers: FakeRequest['headers'], audience: string): VerifyResult | { ok: false; reason: 'missing' } {
    const token = bearerOf(headers);
    if (!token) return { ok: false, reason: 'missing' };
    const result = verifyJwt(token, [this.entraKey], { audience, issuer: this.tokenIssuer });
    if (!result.ok) return result;
    if (result.claims.appid !== this.options.appId) return { ok: false, reason: `token for another app ${String(result.claims.appid)}` };
    return result;
  }

  handle(req: FakeRequest): Handled | undefined {
    if (req.method === 'GET' && req.path === OPENID_PATH) {
      return { service: 'openid', auth: 'none', reply: { status: 200, body: this.openIdDocument() } };
    }
    if (req.method === 'GET' && req.path === JWKS_PATH) {
      return { service: 'openid', auth: 'none', reply: { status: 200, body: { keys: [toJwk(this.channelKey, this.options.endorsements)] } } };
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path);
    if (req.method === 'POST' && token) return { service: 'token', auth: 'none', reply: this.issueToken(decodeURIComponent(token[1]!), req.body) };
    return undefined;
  }

  private openIdDocument() {
    return {
      issuer: BOT_FRAMEWORK_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${this.options.url}${JWKS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  /** private_key_jwt: signed by a registered certificate (x5t), for this token endpoint, by this app. */
  private checkAssertion(form: Record<string, string | undefined>, tenant: string): { code: number; description: string } | undefined {
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return { code: 700024, description: 'Client assertion type is not jwt-bearer.' };
    }
    const decoded = decodeJwt(form.client_assertion!);
    const thumbprint = typeof decoded?.header.x5t === 'string' ? Buffer.from(decoded.header.x5t, 'base64url').toString('hex').toUpperCase() : '';
    const key = this.certificates.get(thumbprint);
    if (!decoded || !key) return { code: 700027, description: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}']` };
    const [head, body, signature] = form.client_assertion!.split('.') as [string, string, string];
    if (decoded.header.alg !== 'RS256' || !createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key, Buffer.from(signature ?? '', 'base64url'))) {
      return { code: 700027, description: 'Client assertion contains an invalid signature.' };
    }
    const c = decoded.payload;
    const tokenUrl = `${this.options.url}/${tenant}/oauth2/v2.0/token`;
    if (c.aud !== tokenUrl) return { code: 700021, description: `Client assertion audience claim does not match Realm issuer. Review the documentation at https://aka.ms/certCredentials. Audience: ${String(c.aud)}` };
    if (c.iss !== this.options.appId || c.sub !== this.options.appId) return { code: 700023, description: 'Client assertion issuer and subject must be the client id.' };
    if (typeof c.exp !== 'number' || c.exp <= nowSeconds()) return { code: 700024, description: 'Client assertion is not within its valid time range.' };
    if (!c.jti) return { code: 700025, description: 'Client assertion has no jti.' };
    this.assertions.push({ header: decoded.header, claims: c });
    return undefined;
  }

  private issueToken(tenant: string, body: unknown) {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, string | undefined>;
    const error = (status: number, code: string, aadsts: number, description: string) => ({
      status,
      body: { error: code, error_description: `AADSTS${aadsts}: ${description}`, error_codes: [aadsts], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() },
    });
    if (tenant !== this.options.tenantId) return error(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.grant_type !== 'client_credentials') return error(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (!form.client_id) return error(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (form.client_id !== this.options.appId) return error(400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
    if (form.client_assertion) {
      const refused = this.checkAssertion(form, tenant);
      if (refused) return error(401, 'invalid_client', refused.code, refused.description);
    } else if (!form.client_secret) {
      return error(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    } else if (form.client_secret !== this.options.appPassword) return error(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    const scope = form.scope ?? '';
    const audience = [CONNECTOR_AUDIENCE, GRAPH_AUDIENCE].find((aud) => scope === `${aud}/.default`);
    if (!audience) return error(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid.`);
    const now = nowSeconds();
    const lifetime = this.options.tokenLifetimeSeconds;
    const claims = {
      aud: audience,
      iss: this.tokenIssuer,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      appid: this.options.appId,
      azp: this.options.appId,
      appidacr: '1',
      tid: this.options.tenantId,
      oid: randomUUID(),
      sub: this.options.appId,
      ver: '2.0',
    };
    this.tokensIssued += 1;
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: signJwt(claims, this.entraKey) } };
  }
}
