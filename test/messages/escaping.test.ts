/**
 * Every message the bot builds, with user-given texts full of markup, rendered for Slack, Teams and the
 * local workspace: no user text becomes a ping, a mention, a link, a tag or an entity. The messages are
 * not listed by hand: a whole programme is played through (welcomes, reminders, evaluation questions,
 * nudges, closings, moves, missed reminders) and every command is run, and whatever the core sent or
 * answered is checked. The kinds seen are asserted, so a builder that stops being reached fails too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toSlackMessage } from '../../adapters/slack/blocks.ts';
import { slackTopic } from '../../adapters/slack/channels.ts';
import { toActivity } from '../../adapters/teams/cards.ts';
import { notifyConsultants } from '../../adapters/teams/notices.ts';
import { renderBlock } from '../../adapters/local/render.ts';
import { handleAction, handleCommand, handleInboundMessage, SUBCOMMANDS } from '../../src/commands/router.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import { defuseMessage, withRepeatedTexts, type RichMessage } from '../../src/messages/model.ts';
import { consultantCtx, testCore, type TestCore } from '../support/core.ts';

/** What a careless or hostile user might type into any name, place or answer (at most 80 characters). */
const NASTY = '<!channel><@U0107>*f*_s_~t~`k`&<b>&lt;!here&gt;<at>A</at>[l](h:x)';
/** Answers differ from every name, so that the results view must mark the answers it quotes itself. */
const ANSWER = NASTY.replace('*f*_s_~t~`k`', '*g*_h_~i~`j`');
/** A user's formatting that must never work: bold, italic, strike, code, link (in names or answers). */
const FORMATTED = /\*[fg]\*|_[sh]_|~[ti]~|`[kj]`/;
const MEMBERS = ['U1', 'U2', 'U3', 'U4'];
const DAY = 86_400_000;
/** The kinds of message the bot posts in channels and direct conversations (not answers to commands). */
const POSTED = new Set(['welcome', 'reminder', 'moved', 'missed', 'eval', 'place']);

interface Seen {
  kind: string;
  message: RichMessage;
}

let t: TestCore;
const seen: Seen[] = [];
const topics: string[] = [];

function record(kind: string, reply: CommandReply | null): void {
  if (!reply) return;
  seen.push({ kind, message: reply.type === 'message' ? reply.message : reply.fallback });
}

const person = (userRef: string): CommandContext => ({ ...consultantCtx, userRef, userName: userRef, channelRef: `D-${userRef}` });

async function command(kind: string, text: string, ctx = consultantCtx): Promise<CommandReply> {
  const reply = await handleCommand(t.core, text, ctx);
  record(kind, reply);
  return reply;
}

/** Answers every evaluation question sent since the last call, in its thread, with ANSWER text. */
async function answerQuestions(from: number): Promise<void> {
  for (const sent of t.platform.sent.slice(from)) {
    if (!sent.idempotencyKey.startsWith('eval:')) continue;
    const member = t.core.repos.members.listForProgramme(programmeId()).find((m) => sent.channelRef.includes(m.userRef ?? '-'));
    const ctx = person(member?.userRef ?? 'U1');
    record('answer', await handleInboundMessage(t.core, { text: `4 - ${ANSWER}`, threadRef: sent.messageRef, direct: false }, ctx));
    record('answer', await handleInboundMessage(t.core, { text: ANSWER, threadRef: sent.messageRef, direct: false }, ctx));
  }
}

/** The fallback text and every mrkdwn text of a message rendered for Slack. */
function mrkdwnTexts(message: RichMessage): string[] {
  const slack = toSlackMessage(message);
  return [slack.text, ...[...JSON.stringify(slack.blocks).matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!)];
}

function programmeId(): string {
  return t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!.id;
}

beforeAll(async () => {
  t = testCore('2026-12-01T09:00:00Z');
  await command('created', `opret "${NASTY}" 2027-01-04`);
  await command('workshop', `workshop midtvejs 2027-03-08 09:00 ${NASTY}`);
  const people = MEMBERS.map((u, i) => `<@${u}|${i % 2 ? 'bo' : 'anna'}*_~\`${i}>=${i % 2 ? 'dagtilbud' : 'kultur'}`);
  await command('partnership', `partnerskab "${NASTY}" "${NASTY}" "${NASTY}" ${people[0]} ${people[1]} anna@kommune.dk=leder`);
  await command('partnership', `partnerskab "B${NASTY}" "${NASTY}" "${NASTY}" ${people[2]} ${people[3]}`);
  await command('member', `medlem "${NASTY}" <@U9|c>=kultur`);
  for (const text of [`plan ${NASTY}`, `resultater ${NASTY}`, `flyt nysgerrighed ${NASTY} 2027-01-20`, `${NASTY}`, `medlem "${NASTY}" ${NASTY}`]) await command('error', text);
  const preview = await command('move', `flyt nysgerrighed "${NASTY}" 2027-01-25 10:00`);
  const confirm = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0] : undefined;
  if (confirm) record('moved', await handleAction(t.core, { actionId: confirm.actionId, value: confirm.value }, consultantCtx));
  // Through the programme a tick every six hours, with three weeks' downtime (missed reminders).
  for (let at = Date.parse('2026-12-01T09:00:00Z'); at < Date.parse('2027-07-01T00:00:00Z'); at += 6 * 3_600_000) {
    if (at > Date.parse('2027-01-18T00:00:00Z') && at < Date.parse('2027-02-08T00:00:00Z')) continue;
    const before = t.platform.sent.length;
    t.clock.set(new Date(at));
    await t.core.scheduler.tick();
    if (at % (7 * DAY) < 6 * 3_600_000) await t.core.scheduler.tick();
    await answerQuestions(before);
  }
  for (const sub of SUBCOMMANDS) await command(`command:${sub.names[0]}`, `${sub.names[0]} ${sub.names[0] === 'sprog' ? 'da' : ''}`);
  for (const text of ['plan mine', `plan ${NASTY}`, `resultater "${NASTY}"`]) await command('view', text, person('U1'));
  // The consultant's results of one partnership quote its written answers.
  await command('results', `resultater "${NASTY}"`);
  for (const sent of t.platform.sent) seen.push({ kind: sent.idempotencyKey.split(':')[0]!, message: sent.message });
  const creations = t.core.db.prepare(`SELECT payload FROM deliveries WHERE payload LIKE '%create_channel%'`).pluck().all() as string[];
  for (const payload of creations) {
    const { topic, purpose } = JSON.parse(payload) as { topic?: string; purpose?: string };
    topics.push(slackTopic(topic ?? ''), slackTopic(purpose ?? ''));
  }
}, 120_000);

describe('user text in every message', () => {
  it('reaches every kind of message', () => {
    const kinds = new Set(seen.map((s) => s.kind));
    for (const kind of ['created', 'partnership', 'member', 'error', 'move', 'moved', 'welcome', 'reminder', 'eval', 'missed', 'answer', 'view', 'command:status', 'command:plan', 'command:resultater']) {
      expect(kinds, kind).toContain(kind);
    }
    // The texts were really there to be escaped.
    expect(seen.filter((s) => JSON.stringify(s.message).includes('<!channel>')).length).toBeGreaterThan(50);
  });

  it('Slack: no @channel, @here, links or mentions of anyone the bot did not mean', () => {
    for (const { kind, message } of seen) {
      const blocks = JSON.stringify(toSlackMessage(message).blocks);
      for (const text of mrkdwnTexts(message)) {
        expect(text, kind).not.toMatch(/<[^@]/);
        for (const [, ref] of text.matchAll(/<@([^>]*)>/g)) expect([...MEMBERS, 'U9'], `${kind}: ${text}`).toContain(ref);
        expect(text, kind).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
      // plain_text (headers, buttons) is not parsed; still, nothing in it can read as a token.
      for (const [, text] of blocks.matchAll(/"type":"plain_text","text":"((?:[^"\\]|\\.)*)"/g)) expect(text, kind).not.toMatch(/<[!@#]/);
    }
    expect(seen.some(({ message }) => toSlackMessage(message).text.includes('&lt;!channel&gt;&lt;@U0107&gt;'))).toBe(true);
  });

  it("every message, reply and refusal shows a user's *, _, ~ and ` as written, not as formatting (Slack, Teams, local)", () => {
    expect(new Set(seen.filter((s) => POSTED.has(s.kind)).map((s) => s.kind))).toEqual(POSTED);
    // Command replies, refusals and the results view (which quotes answers) too, not only what is posted.
    const quoted = seen.filter((s) => /\*[fg]\*/.test(JSON.stringify(s.message)));
    const kinds = new Set(quoted.map((s) => s.kind));
    expect(quoted.some((s) => s.kind === 'results' && JSON.stringify(s.message).includes('*g*')), 'results quote answers').toBe(true);
    for (const kind of [...POSTED, 'created', 'workshop', 'partnership', 'member', 'error', 'move', 'view', 'answer', 'command:plan', 'command:status', 'command:forløb', 'command:resultater', 'results']) expect(kinds, kind).toContain(kind);
    for (const { kind, message } of seen) {
      // (Headers and buttons are plain_text, where Slack formats nothing: they show the name as typed.)
      for (const text of mrkdwnTexts(message)) expect(text, kind).not.toMatch(FORMATTED);
      const teams = JSON.stringify(toActivity(message, (ref) => ref));
      expect(teams, kind).not.toMatch(FORMATTED);
      expect(teams, kind).not.toMatch(/\[l\]\(/);
      const html = defuseMessage(message).blocks.map((b) => renderBlock(b, 'M1', () => undefined)).join('');
      expect(html, kind).not.toMatch(/<(strong|em|del|code)>[fstkghij]</);
    }
    const welcome = seen.find((s) => s.kind === 'welcome')!.message;
    expect(toSlackMessage(welcome).text).toContain('\u2217f\u2217\uFF3Fs\uFF3F\u223Ct\u223C\u02CBk\u02CB');
  });

  it("Teams notices to the consultant show the programme's and people's names as written", () => {
    const text = (_: string, p: { name: string }) => `Forløbet ${p.name}: ${t.core.repos.members.listForProgramme(programmeId()).map((m) => m.displayName).join(', ')} mangler.`;
    expect(notifyConsultants(t.core, { programmeId: programmeId(), key: 'escaping-test', text })).toBeGreaterThan(0);
    const payloads = t.core.db.prepare(`SELECT payload FROM deliveries WHERE idempotency_key LIKE 'teams:escaping-test:%'`).pluck().all() as string[];
    for (const payload of payloads) {
      const { message } = JSON.parse(payload) as { message: RichMessage };
      expect(message.text).toMatch(/\*f\*/);
      expect(JSON.stringify(toActivity(message, (ref) => ref))).not.toMatch(FORMATTED);
    }
  });

  it('Slack topic and purpose: shown as written, never a token', () => {
    expect(topics.some((t) => t.includes('channel>'))).toBe(true);
    for (const topic of topics) expect(topic).not.toMatch(/<[!@#]/);
  });

  it('Teams: <at> only for mentions with an entity; no HTML tag or entity from user text', () => {
    const names = (ref: string) => `Navn ${ref}`;
    for (const { kind, message } of seen) {
      const activity = toActivity(message, names) as { text?: string; summary?: string; attachments?: unknown[]; entities?: { text: string }[] };
      const json = JSON.stringify(activity);
      const ats = [...json.matchAll(/<at>(.*?)<\/at>/g)].map((m) => m[0]);
      const entities = new Set((activity.entities ?? []).map((e) => e.text));
      for (const at of ats) expect(entities, `${kind}: ${at}`).toContain(at);
      const stripped = json.replace(/<at>Navn [^<]*<\/at>/g, '');
      expect(stripped, kind).not.toMatch(/<[A-Za-z/!?]/);
      expect(stripped, kind).not.toMatch(/&(#|[A-Za-z]+;)/);
    }
  });

  it('local workspace: user text is shown as text, mentions only where the bot meant them', () => {
    for (const { kind, message } of seen) {
      const html = message.blocks.map((b) => renderBlock(b, 'M1', () => undefined)).join('');
      expect(html, kind).not.toMatch(/<b>|<at>|data-user="U0107"/);
    }
  });
});

describe('only the user texts are defused', () => {
  const section = (text: string): RichMessage => ({ text, blocks: [{ type: 'section', text }] });

  it("a name of bare punctuation leaves the bot's own formatting alone", () => {
    // A partnership called "_" (or "*") matched every underscore of the message, and the bot's italics went.
    const message = withRepeatedTexts(section('Partnerskabet _ er oprettet. _Skriv plan for at se planen._'), ['_', '*']);
    expect(toSlackMessage(message).text).toContain('_Skriv plan for at se planen._');
    expect(defuseMessage(message).blocks[0]).toEqual({ type: 'section', text: 'Partnerskabet _ er oprettet. _Skriv plan for at se planen._' });
  });

  it('a name with formatting is shown as written, the formatting around it still works', () => {
    const message = withRepeatedTexts(section('Partnerskabet *Hav_og_Land* er oprettet. _Skriv plan._'), ['*Hav_og_Land*', 'ikke med']);
    expect(message.userTexts).toEqual(['*Hav_og_Land*']);
    expect(toSlackMessage(message).text).toBe('Partnerskabet \u2217Hav\uFF3Fog\uFF3FLand\u2217 er oprettet. _Skriv plan._');
  });
});
