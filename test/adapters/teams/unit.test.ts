import { describe, expect, it } from 'vitest';
import { commandText } from '../../../adapters/teams/activity.ts';
import { isPlain, toActivity, toMarkdown, toPlain } from '../../../adapters/teams/cards.ts';
import { mapHttpFailure, mapNetworkFailure, retryAfterMs } from '../../../adapters/teams/errors.ts';
import { formActivity, parseSubmission } from '../../../adapters/teams/forms.ts';
import { MAX_CHANNEL_NAME, numberedName, safeChannelName } from '../../../adapters/teams/names.ts';
import { parseChannelRef, parseMessageRef, threadConversation, threadRef } from '../../../adapters/teams/refs.ts';
import { graphAuthority, teamsSettings } from '../../../adapters/teams/settings.ts';
import { readConfig } from '../../../src/config.ts';
import { AuthError, InvalidRequestError, NotFoundError, RateLimitError, TargetGoneError, TransientError } from '../../../src/platform/errors.ts';
import { mention as coreMention, plainMessage, type RichMessage } from '../../../src/messages/model.ts';

const failure = (status: number, code = '', retryAfter: string | null = null, service: 'connector' | 'graph' | 'token' = 'connector') =>
  mapHttpFailure({ service, status, code, message: 'm', retryAfter });

describe('errors: one mapping from HTTP to the core\'s typed errors', () => {
  it('429 is a rate limit with Retry-After (seconds or a date; 1 s when absent)', () => {
    const limited = failure(429, 'Throttled', '3');
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(3000);
    expect((failure(429) as RateLimitError).retryAfterMs).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
  });

  it('412, 5xx, resets and timeouts are transient (outcome unknown)', () => {
    for (const status of [412, 500, 502, 503, 504]) expect(failure(status)).toBeInstanceOf(TransientError);
    expect(mapNetworkFailure('connector', Object.assign(new Error('x'), { name: 'TimeoutError' })).message).toContain('timed out');
    expect(mapNetworkFailure('connector', new TypeError('fetch failed'))).toBeInstanceOf(TransientError);
  });

  it('403 from the Connector means the target is gone; from Graph, a missing permission', () => {
    expect(failure(403, 'BotNotInConversationRoster')).toBeInstanceOf(TargetGoneError);
    const graph = failure(403, 'Forbidden', null, 'graph');
    expect(graph).toBeInstanceOf(AuthError);
    expect(graph.constructor.name).toBe('GraphPermissionError');
  });

  it('401 auth, 404 not found, 400 invalid; a refused secret is an AuthError', () => {
    expect(failure(401)).toBeInstanceOf(AuthError);
    expect(failure(404, 'ConversationNotFound')).toBeInstanceOf(NotFoundError);
    expect(failure(400, 'BadSyntax')).toBeInstanceOf(InvalidRequestError);
    expect(failure(400, 'NameAlreadyExists', null, 'graph').constructor.name).toBe('NameTakenError');
    expect(failure(401, 'invalid_client', null, 'token')).toBeInstanceOf(AuthError);
    expect(failure(503, '', null, 'token')).toBeInstanceOf(TransientError);
  });
});

describe('channel names', () => {
  it('drops characters Teams refuses and keeps within 50 characters, keeping the partnership name', () => {
    expect(safeChannelName('Kultur & Børn: "Havet"/2027?')).toBe('Kultur og Børn Havet 2027');
    expect(safeChannelName('_.Skjult.')).toBe('Skjult');
    const long = safeChannelName(`${'Små Partnerskaber i Hjørring Kommune forår '.repeat(2)}Nordsøen Oceanarium`, 'Nordsøen Oceanarium');
    expect(long.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(long.endsWith('… Nordsøen Oceanarium')).toBe(true);
    expect(safeChannelName('x'.repeat(80)).length).toBe(MAX_CHANNEL_NAME);
  });

  it('numbers a taken name without passing 50 characters', () => {
    expect(numberedName('Havet', 2)).toBe('Havet 2');
    expect(numberedName('y'.repeat(50), 12).length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
  });
});

describe('references', () => {
  it('a fallback thread ref names its channel; message refs say where to update', () => {
    expect(parseChannelRef(threadRef('19:gen@thread.tacv2', 'partnership:p1'))).toEqual({ kind: 'thread', ref: 'thread|19:gen@thread.tacv2|partnership:p1', channelId: '19:gen@thread.tacv2' });
    expect(parseMessageRef('19:c@thread.tacv2;messageid=17', 'x')).toEqual({ conversationId: '19:c@thread.tacv2;messageid=17', activityId: '17' });
    expect(parseMessageRef('a:1xyz|99', 'x')).toEqual({ conversationId: 'a:1xyz', activityId: '99' });
    expect(threadConversation('19:c@thread.tacv2', '17')).toBe('19:c@thread.tacv2;messageid=17');
  });
});

describe('Adaptive Cards', () => {
  const names = (id: string) => ({ '29:anna': 'Anna Berg' })[id] ?? id;

  it('a one-paragraph message is markdown text; *bold* becomes **bold**', () => {
    expect(isPlain(plainMessage('Hej *Anna*'))).toBe(true);
    expect(toActivity(plainMessage('Hej *Anna*, _velkommen_'), names)).toMatchObject({ type: 'message', text: 'Hej **Anna**, _velkommen_', textFormat: 'markdown' });
    expect(toMarkdown('a * b * c and *x*')).toBe('a * b * c and **x**');
  });

  it('a rich message is a v1.5 card with a text fallback, mentions as <at> with entities, buttons as Action.Submit', () => {
    const message: RichMessage = {
      text: `Påmindelse til ${coreMention('29:anna')}`,
      blocks: [
        { type: 'header', text: 'Nysgerrighed' },
        { type: 'section', text: `• ${coreMention('29:anna')}: formidler\n• i morgen`, fields: [{ label: 'Sted', value: 'Havet' }] },
        { type: 'divider' },
        { type: 'context', text: 'Små Partnerskaber' },
        { type: 'actions', buttons: [{ actionId: 'eval.answer.0', label: '5', value: 'p|q|5', style: 'primary' }] },
      ],
    };
    const activity = toActivity(message, names) as { summary: string; attachments: { contentType: string; content: Record<string, unknown> }[]; entities: unknown[] };
    const mention = { type: 'mention', text: '<at>Anna Berg</at>', mentioned: { id: '29:anna', name: 'Anna Berg' } };
    expect(activity.summary).toBe('Påmindelse til Anna Berg');
    expect(activity.entities).toEqual([mention]);
    const card = activity.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'Påmindelse til Anna Berg', msteams: { entities: [mention] } });
    const json = JSON.stringify(card.content);
    expect(json).toContain('"text":"• <at>Anna Berg</at>: formidler"');
    expect(json).toContain('"type":"FactSet"');
    expect(json).toContain('"separator":true');
    expect(json).toContain('{"type":"Action.Submit","title":"5","data":{"actionId":"eval.answer.0","value":"p|q|5"},"style":"positive"}');
    expect(toPlain(`*Fed* og _skrå_ ${coreMention('29:anna')}`, names)).toBe('Fed og skrå Anna Berg');
  });
});

describe('forms', () => {
  it('renders every field kind as an Adaptive Card input and reads the submission back', async () => {
    const activity = formActivity(
      {
        formId: 'partnership.add',
        title: 'Nyt partnerskab',
        submitLabel: 'Tilføj',
        state: 'prog-1',
        fields: [
          { id: 'name', label: 'Navn', kind: 'text', required: true },
          { id: 'notes', label: 'Noter', kind: 'textarea', required: false },
          { id: 'start', label: 'Start', kind: 'date', required: true },
          { id: 'time', label: 'Tid', kind: 'time', required: false },
          { id: 'template', label: 'Skabelon', kind: 'select', required: true, initial: 'a', options: [{ value: 'a', label: 'A' }] },
          { id: 'staff', label: 'Formidlere', kind: 'users', required: false },
        ],
      },
      'fallback',
    ) as { attachments: { content: { body: { type: string; isMultiline?: boolean }[]; actions: unknown[] } }[] };
    const card = activity.attachments[0]!.content;
    expect(card.body.map((b) => b.type)).toEqual(['TextBlock', 'Input.Text', 'Input.Text', 'Input.Date', 'Input.Time', 'Input.ChoiceSet', 'Input.ChoiceSet']);
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Tilføj', style: 'positive', data: { formId: 'partnership.add', state: 'prog-1', userFields: ['staff'] } }]);
    const submission = await parseSubmission(
      { formId: 'partnership.add', state: 'prog-1', userFields: ['staff'], name: 'Havet', start: '2027-01-04', staff: 'aad-1,aad-2' },
      async (aad) => `29:${aad}`,
    );
    expect(submission).toEqual({ formId: 'partnership.add', state: 'prog-1', values: { name: 'Havet', start: '2027-01-04', staff: ['29:aad-1', '29:aad-2'] } });
  });
});

describe('command text', () => {
  it('drops the bot mention, turns other mentions into <@id|name> words and decodes entities', () => {
    const text = commandText({
      text: '<at>Tovholder</at> partnerskab "Havet" <at>Anna Berg</at>=kultur&nbsp;&amp;',
      recipient: { id: '28:bot', name: 'Tovholder' },
      entities: [
        { type: 'mention', text: '<at>Tovholder</at>', mentioned: { id: '28:bot', name: 'Tovholder' } },
        { type: 'mention', text: '<at>Anna Berg</at>', mentioned: { id: '29:anna', name: 'Anna Berg' } },
      ],
    });
    expect(text).toBe('partnerskab "Havet" "<@29:anna|Anna Berg>"=kultur &');
  });
});

describe('configuration', () => {
  const base = { MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_PASSWORD: 'secret' };

  it('single-tenant bots need their tenant; managed identities are not supported yet', () => {
    expect(() => readConfig({ ...base, MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(/MICROSOFT_APP_TENANT_ID/);
    expect(() => readConfig({ ...base, MICROSOFT_APP_TYPE: 'UserAssignedMSI' })).toThrow(/not supported yet/);
    expect(() => readConfig({ ...base, TEAMS_LOGIN_URL: 'not a url' })).toThrow(/TEAMS_LOGIN_URL/);
  });

  it("defaults to Microsoft's endpoints; Connector tokens from the home tenant or botframework.com, Graph tokens from the team's tenant", () => {
    const multi = teamsSettings(readConfig(base));
    expect(multi).toMatchObject({
      appType: 'MultiTenant',
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      connectorAuthority: 'https://login.microsoftonline.com/botframework.com',
      graphUrl: 'https://graph.microsoft.com',
    });
    expect(graphAuthority(multi, 'customer-tenant')).toBe('https://login.microsoftonline.com/customer-tenant');
    const single = teamsSettings(readConfig({ ...base, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 'home', TEAMS_LOGIN_URL: 'http://127.0.0.1:9/' }));
    expect(single.connectorAuthority).toBe('http://127.0.0.1:9/home');
  });
});
