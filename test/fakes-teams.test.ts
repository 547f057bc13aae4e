/**
 * The fake Teams services against the REAL botbuilder CloudAdapter with auth ON: inbound JWTs
 * validated against the fake's OpenID metadata + JWKS, outbound bearer tokens from the fake's
 * token endpoint, replies / proactive sends / rosters / Graph channels / 429 / 403.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, TeamsInfo, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  botAddedToTeam,
  botInstalledPersonal,
  cardExecute,
  cardSubmit,
  channelMention,
  ClientSecretCredentialsFactory,
  createSigningKey,
  createTeamsBotFrameworkAuthentication,
  fetchClientCredentialsToken,
  nowSeconds,
  personalMessage,
  startFakeTeams,
  TEAMS_PER_CONVERSATION_LIMITS,
  toBotRequest,
  toBotResponse,
  type FakeConversation,
  type FakeTeam,
  type FakeTeams,
  type FakeUser,
  type Json,
} from './fakes/teams/index.ts';

const APP_ID = randomUUID();
const APP_PASSWORD = 'fake-secret~1';
const TENANT_ID = randomUUID();

interface Bot {
  adapter: CloudAdapter;
  url: string;
  turns: Activity[];
  setLogic(logic: (context: TurnContext) => Promise<void>): void;
  close(): Promise<void>;
}

/** The real CloudAdapter behind a plain node:http server on 127.0.0.1. */
async function startBot(auth: BotFrameworkAuthentication): Promise<Bot> {
  const adapter = new CloudAdapter(auth);
  const turns: Activity[] = [];
  let logic: (context: TurnContext) => Promise<void> = async () => {};
  const server: Server = createServer((req, res) => {
    void (async () => {
      const request = await toBotRequest(req);
      await adapter.process(request, toBotResponse(res), async (context) => {
        turns.push(context.activity);
        await logic(context);
      });
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    adapter,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    turns,
    setLogic: (next) => void (logic = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connector calls the fake recorded for one conversation. */
function connectorCalls(fake: FakeTeams, conversationId: string, method = 'POST') {
  return fake.calls.filter((c) => c.service === 'connector' && c.conversationId === conversationId && c.method === method);
}

describe('fake Teams with the real CloudAdapter (auth on)', () => {
  let fake: FakeTeams;
  let bot: Bot;
  let mette: FakeUser;
  let jonas: FakeUser;
  let team: FakeTeam;
  let metteChat: FakeConversation;
  let teamReference: Partial<ConversationReference> | undefined;

  beforeAll(async () => {
    fake = await startFakeTeams({ appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID });
    mette = fake.addUser({ name: 'Mette Kjær', email: 'mette@kulturhuset.dk' });
    jonas = fake.addUser({ name: 'Jonas Ørsted', email: 'jonas@solsikken.dk' });
    team = fake.addTeam({ name: 'Små Partnerskaber', members: [mette, jonas], channels: ['Koordinering'] });
    metteChat = fake.personalConversation(mette);
    bot = await startBot(
      createTeamsBotFrameworkAuthentication({ appId: APP_ID, appPassword: APP_PASSWORD, tenantId: TENANT_ID, openIdMetadataUrl: fake.openIdMetadataUrl, loginUrl: fake.loginUrl }),
    );
  });

  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  afterEach(() => {
    fake.clearFailures();
    fake.setRateLimits(TEAMS_PER_CONVERSATION_LIMITS);
    bot.setLogic(async () => {});
    vi.restoreAllMocks();
  });

  it('delivers a signed 1:1 message to the logic; the reply reaches the connector with a bearer token from the token endpoint', async () => {
    bot.setLogic(async (context) => {
      await context.sendActivity({
        text: `Hej ${context.activity.from.name}`,
        attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Næste møde' }] })],
      });
    });
    const turnsBefore = bot.turns.length;
    const response = await fake.sendActivity(bot.url, personalMessage(fake, { user: mette, conversation: metteChat, text: 'status' }));

    expect(response.status).toBe(200);
    expect(bot.turns.slice(turnsBefore).map((a) => a.text)).toEqual(['status']);
    const [reply] = fake.messages(metteChat.id);
    expect(reply).toMatchObject({ type: 'message', text: 'Hej Mette Kjær', from: { id: `28:${APP_ID}` } });
    expect((reply!.attachments as Json[])[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ text: 'Næste møde' }] } });
    // The reply went to /activities/{inbound id} with a token the fake itself issued.
    const [call] = connectorCalls(fake, metteChat.id);
    expect(call).toMatchObject({ status: 201, auth: 'valid' });
    expect(call!.path).toMatch(/\/teams\/v3\/conversations\/a:.+\/activities\/\d+$/);
    const tokenCalls = fake.calls.filter((c) => c.service === 'token');
    expect(tokenCalls[0]).toMatchObject({ status: 200, body: { grant_type: 'client_credentials', client_id: APP_ID, client_secret: '***', scope: 'https://api.botframework.com/.default' } });
  });

  it('answers a channel @mention in its thread and reuses the cached token', async () => {
    bot.setLogic(async (context) => {
      expect(TurnContext.removeRecipientMention(context.activity)?.trim()).toBe('ny aftale');
      await context.sendActivity('Noteret');
    });
    const tokensBefore = fake.tokensIssued();
    const activity = channelMention(fake, { user: jonas, team, text: 'ny aftale' });
    const response = await fake.sendActivity(bot.url, activity);

    expect(response.status).toBe(200);
    const thread = (activity.conversation as { id: string }).id;
    expect(thread).toBe(`${team.id};messageid=${String(activity.id)}`);
    expect(fake.messages(thread)).toMatchObject([{ text: 'Noteret', replyToId: activity.id }]);
    expect(fake.tokensIssued()).toBe(tokensBefore);
  });

  it('runs Action.Submit as a message with value, and returns the Action.Execute invoke response in the HTTP reply', async () => {
    const seen: unknown[] = [];
    bot.setLogic(async (context) => {
      seen.push(context.activity.value);
      if (context.activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Tak!' } } });
      }
    });
    const submit = await fake.sendActivity(bot.url, cardSubmit(fake, { user: mette, conversation: metteChat, cardActivityId: '1700000000000', value: { answer: 'ja' } }));
    const execute = await fake.sendActivity(
      bot.url,
      cardExecute(fake, { user: jonas, team, threadRootId: '1700000000001', cardActivityId: '1700000000001', verb: 'evaluate', data: { score: 4 } }),
    );

    expect(submit.status).toBe(200);
    expect(execute.status).toBe(200);
    expect(await execute.json()).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Tak!' });
    expect(seen).toEqual([{ answer: 'ja' }, { action: { type: 'Action.Execute', verb: 'evaluate', data: { score: 4 } }, trigger: 'manual' }]);
  });

  describe('rejects bad inbound tokens with 401 without running the logic', () => {
    const now = nowSeconds();
    const cases: Array<[string, (f: FakeTeams) => string | null]> = [
      ['no Authorization header', () => null],
      ['an expired token (beyond the SDK 5-minute clock tolerance)', (f) => f.signActivityToken({ exp: now - 600, nbf: now - 4200 })],
      ['a token for another bot (aud)', (f) => f.signActivityToken({ aud: randomUUID() })],
      ['a token from another issuer', (f) => f.signActivityToken({ iss: 'https://sts.example.com' })],
      ['a token signed by an unpublished key', (f) => f.signActivityToken({}, { key: createSigningKey() })],
      ['an impostor key under the published kid', (f) => f.signActivityToken({}, { key: createSigningKey({ kid: f.signingKey.kid }) })],
      ['a serviceurl claim that does not match the activity', (f) => f.signActivityToken({ serviceurl: 'https://smba.trafficmanager.net/emea/' })],
      ['a token with nbf in the future', (f) => f.signActivityToken({ nbf: now + 3600 })],
    ];

    it.each(cases)('%s', async (_name, token) => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const turnsBefore = bot.turns.length;
      const response = await fake.sendActivity(bot.url, personalMessage(fake, { user: mette, conversation: metteChat, text: 'hej' }), { token: token(fake) });
      expect(response.status).toBe(401);
      expect(bot.turns.length).toBe(turnsBefore);
    });

    it('a channel the signing key does not endorse', async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const activity = { ...personalMessage(fake, { user: mette, conversation: metteChat, text: 'hej' }), channelId: 'webchat' };
      expect((await fake.sendActivity(bot.url, activity)).status).toBe(401);
    });

    it('accepts a token that expired less than 5 minutes ago (the SDK clock tolerance)', async () => {
      const response = await fake.sendActivity(bot.url, personalMessage(fake, { user: mette, conversation: metteChat, text: 'hej' }), {
        token: fake.signActivityToken({ exp: now - 60, nbf: now - 3600 }),
      });
      expect(response.status).toBe(200);
    });
  });

  it('without the JwtErrorsAs401 wrapper the SDK answers an impostor signature with 500, not 401', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const raw = await startBot(
      new ConfigurationBotFrameworkAuthentication(
        {
          MicrosoftAppId: APP_ID,
          MicrosoftAppTenantId: TENANT_ID,
          ToBotFromChannelOpenIdMetadataUrl: fake.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          ToChannelFromBotLoginUrl: fake.loginUrl,
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          CallerId: 'urn:botframework:azure',
        },
        new ClientSecretCredentialsFactory(APP_ID, APP_PASSWORD),
      ),
    );
    try {
      const activity = personalMessage(fake, { user: mette, conversation: metteChat, text: 'hej' });
      const impostor = await fake.sendActivity(raw.url, activity, { token: fake.signActivityToken({}, { key: createSigningKey({ kid: fake.signingKey.kid }) }) });
      expect(impostor.status).toBe(500);
      expect(await impostor.text()).toContain('invalid signature');
      expect(raw.turns).toHaveLength(0);
      expect((await fake.sendActivity(raw.url, activity)).status).toBe(200);
    } finally {
      await raw.close();
    }
  });

  describe('proactive', () => {
    beforeAll(async () => {
      bot.setLogic(async (context) => {
        teamReference = TurnContext.getConversationReference(context.activity);
      });
      const response = await fake.sendActivity(bot.url, botAddedToTeam(fake, { team, by: mette }));
      expect(response.status).toBe(200);
      bot.setLogic(async () => {});
    });

    it('continueConversationAsync posts, updates, reads the paged roster, a member and the channels', async () => {
      let roster: Awaited<ReturnType<typeof TeamsInfo.getPagedMembers>> | undefined;
      let member: Awaited<ReturnType<typeof TeamsInfo.getMember>> | undefined;
      let channels: Awaited<ReturnType<typeof TeamsInfo.getTeamChannels>> | undefined;
      await bot.adapter.continueConversationAsync(APP_ID, teamReference!, async (context) => {
        const sent = await context.sendActivity('Husk evalueringen fredag');
        await context.updateActivity({ ...context.activity, type: 'message', id: sent!.id, text: 'Husk evalueringen torsdag' });
        roster = await TeamsInfo.getPagedMembers(context, 1);
        member = await TeamsInfo.getMember(context, jonas.aadObjectId);
        channels = await TeamsInfo.getTeamChannels(context, team.id);
      });

      expect(fake.storedMessages(team.id)).toMatchObject([{ activity: { text: 'Husk evalueringen torsdag' }, history: [{ text: 'Husk evalueringen fredag' }] }]);
      expect(roster!.members).toEqual([expect.objectContaining({ id: mette.id, name: 'Mette Kjær', email: 'mette@kulturhuset.dk', aadObjectId: mette.aadObjectId, userPrincipalName: 'mette@kulturhuset.dk' })]);
      expect(roster!.continuationToken).toBeTruthy();
      expect(member).toMatchObject({ id: jonas.id, email: 'jonas@solsikken.dk' });
      expect(channels!.map((c) => c.name)).toEqual([undefined, 'Koordinering']);
    });

    it('opens a 1:1 with createConversationAsync and a new channel thread with sendMessageToTeamsChannel', async () => {
      let jonasReference: Partial<ConversationReference> | undefined;
      await bot.adapter.createConversationAsync(
        APP_ID,
        'msteams',
        fake.serviceUrl,
        '',
        { isGroup: false, bot: { id: `28:${APP_ID}`, name: 'Tovholder' }, members: [{ id: jonas.id, name: jonas.name }], tenantId: TENANT_ID, channelData: { tenant: { id: TENANT_ID } } },
        async (context) => {
          jonasReference = TurnContext.getConversationReference(context.activity);
        },
      );
      await bot.adapter.continueConversationAsync(APP_ID, jonasReference!, async (context) => {
        await context.sendActivity('Velkommen til forløbet');
      });
      expect(jonasReference!.conversation!.id).toBe(fake.personalConversation(jonas).id);
      expect(fake.messages(jonasReference!.conversation!.id)).toMatchObject([{ text: 'Velkommen til forløbet' }]);

      const channelId = team.channels.find((c) => c.displayName === 'Koordinering')!.id;
      let created: [Partial<ConversationReference>, string] | undefined;
      await bot.adapter.continueConversationAsync(APP_ID, teamReference!, async (context) => {
        created = await TeamsInfo.sendMessageToTeamsChannel(context, MessageFactory.text('Ny partnerskabstråd') as Activity, channelId, APP_ID);
      });
      // With CloudAdapter the second element is NOT the activity id: createConversationAsync's
      // "create" event sets activity.id to the new conversation id, so both are `{channel};messageid={root}`.
      const [reference, idReturned] = created!;
      expect(reference.conversation!.id!.startsWith(`${channelId};messageid=`)).toBe(true);
      expect(idReturned).toBe(reference.conversation!.id);
      const rootId = reference.conversation!.id!.split(';messageid=')[1];
      expect(fake.storedMessages(reference.conversation!.id)).toMatchObject([{ id: rootId, activity: { text: 'Ny partnerskabstråd' } }]);
    });

    it('a personal install event carries a reference the bot can later use', async () => {
      let reference: Partial<ConversationReference> | undefined;
      bot.setLogic(async (context) => {
        if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) reference = TurnContext.getConversationReference(context.activity);
      });
      await fake.sendActivity(bot.url, botInstalledPersonal(fake, { user: mette, conversation: metteChat }));
      expect(reference).toMatchObject({ conversation: { id: metteChat.id }, serviceUrl: fake.serviceUrl, user: { id: mette.id } });
    });

    it('the connector client retries a 429 three times (honouring Retry-After) and then throws the 429', async () => {
      const before = connectorCalls(fake, team.id).length;
      fake.failNext({ status: 429, times: 5, retryAfterSeconds: 0, conversationId: team.id });
      const error = await bot.adapter
        .continueConversationAsync(APP_ID, teamReference!, async (context) => {
          await context.sendActivity('for mange');
        })
        .then(
          () => undefined,
          (e: unknown) => e as { statusCode?: number; response?: { headers: { get(name: string): string | undefined }; bodyAsText?: string } },
        );
      expect(error?.statusCode).toBe(429);
      expect(error?.response?.headers.get('retry-after')).toBe('0');
      expect(JSON.parse(error!.response!.bodyAsText!)).toMatchObject({ error: { code: 'Throttled' } });
      expect(connectorCalls(fake, team.id).length - before).toBe(4);
    });

    it("the fake's own limiter (Teams: 7 per second) answers the 8th send with 429 Retry-After: 1; the SDK waits and succeeds", async () => {
      const chat = fake.personalConversation(jonas);
      const reference = { ...teamReference!, conversation: { id: chat.id, conversationType: 'personal', isGroup: false, name: '' } } as Partial<ConversationReference>;
      const before = fake.messages(chat.id).length;
      const started = Date.now();
      await bot.adapter.continueConversationAsync(APP_ID, reference, async (context) => {
        for (let i = 1; i <= 8; i += 1) await context.sendActivity(`besked ${i}`);
      });
      expect(fake.messages(chat.id).length - before).toBe(8);
      expect(fake.rateLimited(chat.id)).toBe(1);
      const throttled = connectorCalls(fake, chat.id).find((c) => c.status === 429);
      expect(throttled?.response).toMatchObject({ error: { code: 'Throttled' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('limits all of the app\'s requests in the tenant too (Teams: 50 per second): a 429 counted for the tenant, not the conversation', async () => {
      fake.setRateLimits([], [{ limit: 3, windowMs: 1_000 }]);
      const chat = fake.personalConversation(jonas);
      const reference = { ...teamReference!, conversation: { id: chat.id, conversationType: 'personal', isGroup: false, name: '' } } as Partial<ConversationReference>;
      const before = { all: fake.rateLimited(), chat: fake.rateLimited(chat.id), time: Date.now() };
      await bot.adapter.continueConversationAsync(APP_ID, reference, async (context) => {
        for (let i = 1; i <= 4; i += 1) await context.sendActivity(`besked ${i}`);
      });
      expect(fake.rateLimited() - before.all).toBe(1);
      expect(fake.rateLimited(chat.id) - before.chat).toBe(0);
      const throttled = connectorCalls(fake, chat.id).find((c) => c.status === 429 && c.time >= before.time);
      expect(JSON.stringify(throttled?.response)).toContain('in this tenant');
    });

    it('412 is not retried by the SDK; 503 is (after a backoff)', async () => {
      fake.failNext({ status: 412, conversationId: team.id });
      const before = connectorCalls(fake, team.id).length;
      const failed = await bot.adapter
        .continueConversationAsync(APP_ID, teamReference!, async (context) => void (await context.sendActivity('a')))
        .then(() => undefined, (e: { statusCode?: number }) => e.statusCode);
      expect(failed).toBe(412);
      expect(connectorCalls(fake, team.id).length - before).toBe(1);

      fake.failNext({ status: 503, conversationId: team.id });
      await bot.adapter.continueConversationAsync(APP_ID, teamReference!, async (context) => void (await context.sendActivity('b')));
      expect(connectorCalls(fake, team.id).slice(-2).map((c) => c.status)).toEqual([503, 201]);
    });

    it('a reset connection after Teams stored the message is retried by the SDK: the message is posted twice', async () => {
      const chat = fake.personalConversation(fake.addUser({ name: 'Ida Holm' }));
      const reference = { ...teamReference!, conversation: { id: chat.id, conversationType: 'personal', isGroup: false, name: '' } } as Partial<ConversationReference>;
      fake.failNext({ status: 0, dropResponse: true, conversationId: chat.id });
      await bot.adapter.continueConversationAsync(APP_ID, reference, async (context) => void (await context.sendActivity('kun én gang')));
      expect(connectorCalls(fake, chat.id).map((c) => c.status)).toEqual([0, 201]);
      expect(fake.messages(chat.id).map((m) => m.text)).toEqual(['kun én gang', 'kun én gang']);
    });

    it('setUninstalled makes sends fail with 403 (not retried)', async () => {
      const chat = fake.personalConversation(fake.addUser({ name: 'Sofie Lund' }));
      const reference = { ...teamReference!, conversation: { id: chat.id, conversationType: 'personal', isGroup: false, name: '' } } as Partial<ConversationReference>;
      fake.setUninstalled(chat.id);
      const error = await bot.adapter
        .continueConversationAsync(APP_ID, reference, async (context) => void (await context.sendActivity('hej')))
        .then(() => undefined, (e: { statusCode?: number; response?: { bodyAsText?: string } }) => e);
      expect(error?.statusCode).toBe(403);
      expect(JSON.parse(error!.response!.bodyAsText!)).toEqual({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
      expect(connectorCalls(fake, chat.id)).toHaveLength(1);
    });
  });

  describe('Microsoft Graph', () => {
    const graphToken = () => fetchClientCredentialsToken({ tokenUrl: fake.tokenUrl, appId: APP_ID, appPassword: APP_PASSWORD, scope: 'https://graph.microsoft.com/.default' });
    const createChannel = async (token: string | undefined, groupId: string, body: Json) => {
      const response = await fetch(`${fake.graphUrl}/v1.0/teams/${groupId}/channels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Json };
    };

    it('creates a standard channel with the app Graph token; refuses duplicates, long names and connector tokens', async () => {
      const { accessToken } = await graphToken();
      const created = await createChannel(accessToken, team.aadGroupId, { displayName: 'Bibliotek & Solsikken'.replace('&', 'og'), membershipType: 'standard' });
      expect(created).toMatchObject({ status: 201, body: { displayName: 'Bibliotek og Solsikken', membershipType: 'standard', id: expect.stringMatching(/^19:.+@thread\.tacv2$/) } });

      const duplicate = await createChannel(accessToken, team.aadGroupId, { displayName: 'bibliotek og solsikken' });
      expect(duplicate).toMatchObject({ status: 400, body: { error: { code: 'NameAlreadyExists', message: expect.stringContaining('already existed') } } });
      expect((await createChannel(accessToken, team.aadGroupId, { displayName: 'x'.repeat(51) })).status).toBe(400);
      expect((await createChannel(accessToken, team.id, { displayName: 'Forkert id' })).status).toBe(404);

      const connectorToken = await fetchClientCredentialsToken({ tokenUrl: fake.tokenUrl, appId: APP_ID, appPassword: APP_PASSWORD, scope: 'https://api.botframework.com' });
      expect(await createChannel(connectorToken.accessToken, team.aadGroupId, { displayName: 'Nej' })).toMatchObject({ status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } });
      expect((await createChannel(undefined, team.aadGroupId, { displayName: 'Nej' })).status).toBe(401);

      const listed = (await (await fetch(`${fake.graphUrl}/v1.0/teams/${team.aadGroupId}/channels`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { value: Json[] };
      expect(listed.value.map((c) => c.displayName)).toContain('Bibliotek og Solsikken');
    });

    it('answers 403 when the app lacks the channel permission in that team', async () => {
      const other = fake.addTeam({ name: 'Uden tilladelse', members: [mette] });
      fake.setGraphPermission(other, false);
      const { accessToken } = await graphToken();
      const refused = await createChannel(accessToken, other.aadGroupId, { displayName: 'Partnerskab' });
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'Forbidden', message: expect.stringContaining('Channel.Create.Group'), innerError: { 'request-id': expect.any(String) } } } });
      fake.setGraphPermission(other, true);
      expect((await createChannel(accessToken, other.aadGroupId, { displayName: 'Partnerskab' })).status).toBe(201);
    });

    it('the token endpoint refuses a wrong secret (401 invalid_client) and an unknown client (400)', async () => {
      await expect(fetchClientCredentialsToken({ tokenUrl: fake.tokenUrl, appId: APP_ID, appPassword: 'wrong', scope: 'https://graph.microsoft.com' })).rejects.toMatchObject({
        status: 401,
        body: { error: 'invalid_client' },
      });
      await expect(fetchClientCredentialsToken({ tokenUrl: fake.tokenUrl, appId: randomUUID(), appPassword: APP_PASSWORD, scope: 'https://graph.microsoft.com' })).rejects.toMatchObject({
        status: 400,
        body: { error: 'unauthorized_client' },
      });
    });
  });

  it('the SDK fetched the OpenID document and JWKS once (cached per URL, process-wide, even for an unknown kid)', () => {
    expect(fake.calls.filter((c) => c.service === 'openid').map((c) => c.path)).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  });

  it('the connector refuses calls without a valid bearer token', async () => {
    const url = `${fake.serviceUrl}v3/conversations/${encodeURIComponent(metteChat.id)}/activities`;
    const post = (authorization?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ type: 'message', text: 'x' }) });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${fake.signActivityToken()}`)).status).toBe(401);
    const graph = await fetchClientCredentialsToken({ tokenUrl: fake.tokenUrl, appId: APP_ID, appPassword: APP_PASSWORD, scope: 'https://graph.microsoft.com' });
    expect((await post(`Bearer ${graph.accessToken}`)).status).toBe(401);
  });
});
