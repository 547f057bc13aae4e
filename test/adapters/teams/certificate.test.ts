/**
 * Certificate credentials: with MICROSOFT_APP_CERTIFICATE_THUMBPRINT and _PRIVATE_KEY (PEM text or a
 * file) instead of a client secret, the bot's token requests carry a client assertion signed with the
 * certificate's key, which the fake Entra ID checks against the certificate uploaded to the app
 * registration; the bot then answers as usual. Wrong settings stop the start with a clear message.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../src/config.ts';
import { botInstalledPersonal, personalMessage } from '../../fakes/teams/index.ts';
import { APP_PASSWORD, startFake, teamsEnv, teamsWorld, type TeamsWorld } from './harness.ts';

/** A self-signed certificate and its key, made by openssl in a temp dir (nothing committed). */
function selfSigned(): { dir: string; keyPath: string; certPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-cert-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=tovholder-test'], { stdio: 'ignore' });
  return { dir, keyPath, certPem: readFileSync(certPath, 'utf8') };
}

describe('Teams: certificate credentials', () => {
  let cert: ReturnType<typeof selfSigned>;
  beforeAll(() => {
    cert = selfSigned();
  });

  describe('against the fake Entra ID', () => {
    let w: TeamsWorld;
    afterAll(async () => w?.close());

    it('token requests carry a client assertion signed with the certificate; the bot answers', async () => {
      const fake = await startFake();
      const thumbprint = fake.registerCertificate(cert.certPem);
      w = await teamsWorld({
        fake,
        env: { MICROSOFT_APP_PASSWORD: undefined, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumbprint.match(/../g)!.join(':').toLowerCase(), MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: cert.keyPath },
      });
      const karen = fake.addUser({ name: 'Karen Konsulent' });
      const chat = fake.personalConversation(karen);
      expect(await w.send(botInstalledPersonal(fake, { user: karen, conversation: chat }))).toBe(200);
      expect(await w.send(personalMessage(fake, { user: karen, conversation: chat, text: 'hjælp' }))).toBe(200);
      expect(fake.messages(chat.id)).toHaveLength(1);
      const tokenCalls = fake.calls.filter((c) => c.service === 'token');
      expect(tokenCalls.map((c) => c.status)).toEqual([200]);
      expect(tokenCalls[0]!.body).toMatchObject({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
      const [assertion] = fake.assertions();
      expect(Buffer.from(String(assertion!.header.x5t), 'base64url').toString('hex').toUpperCase()).toBe(thumbprint);
      expect(assertion!.claims).toMatchObject({ aud: fake.tokenUrl, iss: fake.appId, sub: fake.appId });
      await fake.close();
    });
  });

  describe('configuration', () => {
    const base = async () => {
      const fake = await startFake();
      await fake.close();
      const env: Record<string, string | undefined> = { ...teamsEnv(fake, APP_PASSWORD, ':memory:'), MICROSOFT_APP_PASSWORD: undefined };
      return env;
    };
    const refused = (env: Record<string, string | undefined>): string => {
      try {
        readConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('the configuration was accepted');
    };

    it('accepts the key as PEM text as well as a path', async () => {
      const pem = readFileSync(cert.keyPath, 'utf8');
      const config = readConfig({ ...(await base()), MICROSOFT_APP_CERTIFICATE_THUMBPRINT: 'ab'.repeat(20), MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: pem });
      expect(config.MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY).toBe(pem);
      expect(config.MICROSOFT_APP_CERTIFICATE_THUMBPRINT).toBe('AB'.repeat(20));
    });

    it('names what is wrong: no credential, both, half a certificate, a bad thumbprint, a missing file, no key', async () => {
      const env = await base();
      const thumb = 'ab'.repeat(20);
      expect(refused(env)).toMatch(/MICROSOFT_APP_PASSWORD, or MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY/);
      expect(refused({ ...env, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumb, MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: cert.keyPath })).toMatch(/either MICROSOFT_APP_PASSWORD or/);
      expect(refused({ ...env, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumb })).toMatch(/needs both/);
      expect(refused({ ...env, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: 'not-hex', MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: cert.keyPath })).toMatch(/40 hexadecimal characters/);
      expect(refused({ ...env, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumb, MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: join(cert.dir, 'missing.pem') })).toMatch(/neither PEM text nor a readable file.*ENOENT/);
      expect(refused({ ...env, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumb, MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })).toMatch(/no PEM private key/);
    });
  });
});
