/**
 * Slack escapes what users type (& < > as entities, e-mails and links wrapped in <…|…>); the core must
 * get the user's own words, with mentions kept in the form its member parser reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSlackText } from '../../../adapters/slack/inbound/slack-text.ts';
import { parseMember } from '../../../src/commands/resolve.ts';
import { tokenize } from '../../../src/commands/tokenize.ts';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { eventCallback } from '../../support/slack-requests.ts';

describe('fromSlackText', () => {
  it('decodes the three entities Slack escapes, once', () => {
    expect(fromSlackText('Børn &amp; Kunst &lt;3 &gt;')).toBe('Børn & Kunst <3 >');
    // The user typed "&lt;" literally: Slack sends "&amp;lt;", which is "&lt;" again, not "<".
    expect(fromSlackText('&amp;lt;')).toBe('&lt;');
    expect(fromSlackText('&quot; &#39; &nbsp;')).toBe('&quot; &#39; &nbsp;');
  });

  it('unwraps e-mails to the address and links to their label or URL', () => {
    expect(fromSlackText('<mailto:kultur1@kommune.dk|kultur1@kommune.dk>=kultur')).toBe('kultur1@kommune.dk=kultur');
    expect(fromSlackText('<mailto:anna@kommune.dk|Anna>')).toBe('anna@kommune.dk');
    expect(fromSlackText('se <https://kommune.dk/plan?a=1&amp;b=2|kommune.dk/plan>')).toBe('se kommune.dk/plan');
    expect(fromSlackText('<https://kommune.dk/?a=1&amp;b=2>')).toBe('https://kommune.dk/?a=1&b=2');
    expect(fromSlackText('<https://x.dk|Børn &amp; Kunst>')).toBe('Børn & Kunst');
  });

  it('keeps mentions, channel references and special commands as the core expects them', () => {
    const text = '<@U0K1> <@U0D1A|paed1a>=dagtilbud <#C0HAVET|havet> <!here> <!subteam^S1|@team>';
    expect(fromSlackText(text)).toBe(text);
    expect(parseMember(fromSlackText('<@U0D1A|paed1a>=dagtilbud'))).toMatchObject({ userRef: 'U0D1A', displayName: 'paed1a', role: 'daycare_staff' });
  });

  it('gives the member parser an e-mail it accepts, and the tokenizer the quotes', () => {
    const tokens = tokenize(fromSlackText('partnerskab "Børn &amp; Kunst" "A" "B" <mailto:kultur1@kommune.dk|kultur1@kommune.dk>=kultur'));
    expect(tokens).toEqual(['partnerskab', 'Børn & Kunst', 'A', 'B', 'kultur1@kommune.dk=kultur']);
    expect(parseMember(tokens[4]!)).toMatchObject({ email: 'kultur1@kommune.dk', role: 'culture_staff', userRef: null });
  });
});

describe('Slack adapter: escaped text over real HTTP (Bolt) against the fake Slack', () => {
  let bot: SlackBot;

  async function answer(text: string): Promise<string> {
    const sent = await bot.command(text);
    expect(sent.status).toBe(200);
    await waitFor(() => bot.answers(sent.responseUrl).length > 0, 5_000, `an answer to "${text}"`);
    return bot.answers(sent.responseUrl).join('\n');
  }

  const programme = () => bot.core.repos.programmes.findByName('slack', TEAM, 'Små Partnerskaber 2027')!;
  const partnership = (name: string) => bot.core.repos.partnerships.listForProgramme(programme().id).find((p) => p.name === name);
  const membersOf = (partnershipId: string) => bot.core.repos.members.listForProgramme(programme().id).filter((m) => m.partnershipId === partnershipId);

  beforeAll(async () => {
    bot = await startSlackBot();
    await answer('opret "Små Partnerskaber 2027" 2027-01-04');
  });
  afterAll(async () => bot?.close());

  it('stores "Børn & Kunst" from a slash command and looks up a member given by e-mail', async () => {
    // What Slack sends for: /tovholder partnerskab "Børn & Kunst" "Kunst & Co" "Børnehaven Bjørnen" kultur1@kommune.dk=kultur
    const text = 'partnerskab "Børn &amp; Kunst" "Kunst &amp; Co" "Børnehaven Bjørnen" <mailto:kultur1@kommune.dk|kultur1@kommune.dk>=kultur <@U0D1A|paed1a>=dagtilbud';
    // The answer is mrkdwn, so & is escaped once again on the way out; escaped twice meant stored escaped.
    const said = await answer(text);
    expect(said).toContain('*Børn &amp; Kunst*');
    expect(said).not.toContain('&amp;amp;');
    const added = partnership('Børn & Kunst');
    expect(added).toBeDefined();
    expect(added!.culturalInstitution).toBe('Kunst & Co');
    expect(bot.fake.callsTo('users.lookupByEmail').map((c) => c.params.email)).toEqual(['kultur1@kommune.dk']);
    expect(membersOf(added!.id).map((m) => [m.userRef, m.role]).sort()).toEqual([['U0D1A', 'daycare_staff'], ['U0K1', 'culture_staff']]);
  });

  it('reads a direct message the same way: entities decoded, e-mails unwrapped', async () => {
    const im = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
    const text = 'medlem "Børn &amp; Kunst" <mailto:paed1b@kommune.dk|paed1b@kommune.dk>=dagtilbud';
    await eventCallback({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0TEXT1', event: { type: 'message', channel: im, channel_type: 'im', user: CONSULTANT, text, ts: '1800000000.000300' } });
    await waitFor(() => bot.fake.messages(TEAM, im).some((m) => m.text.includes('til Børn &amp; Kunst som')), 5_000, 'the answer in the DM');
    expect(membersOf(partnership('Børn & Kunst')!.id).map((m) => m.userRef)).toContain('U0D1B');
  });
});
