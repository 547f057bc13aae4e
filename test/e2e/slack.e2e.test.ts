/**
 * The whole bot as child processes against the fake Slack: `tovholder start` driven by signed slash
 * commands sets up a programme with four partnerships, refuses what it must (a forged click on the
 * consultant's preview button too), moves a visit by its preview's confirm button and creates a second
 * programme through a modal; then `tovholder tick --now ... --until ...` processes play the five months
 * through, and every reminder is checked: posted once, at 09:00 local on both sides of the DST change,
 * in the right channel or direct conversation, and for one of each kind, saying what, when, where, how
 * long, who and the question to work with.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { answerText, CONSULTANT, SIGNING_SECRET, SLACK_PARTNERSHIPS as PARTNERSHIPS, SLACK_PROGRAMME as PROGRAMME, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { runTickProcess, startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';
import { blockAction, eventCallback, slashCommand, submittedValues, viewSubmission, type ModalInputBlock } from '../support/slack-requests.ts';
import { reminderDeliveryKey } from '../../src/scheduler/scheduler.ts';

const ZONE = 'Europe/Copenhagen';
/** Where the consultant places the kick-off workshop (its reminder must say so). */
const KICKOFF_PLACE = 'Hjørring Kulturhus, sal 2';
/** The consultant moves Havet's first visit ("Nysgerrighed") here with the preview's button. */
const VISIT_MOVE = { date: '2027-02-10', time: '10:00' };
/** The programme the consultant creates through the modal; it starts late enough to stay out of the tick part. */
const SECOND = { name: 'Efterår 2027', start: '2027-10-04' };
/** The server starts "before" everything, so no reminder falls due while it runs. */
const SERVER_NOW = '2026-10-01T08:00:00Z';
/** Tick processes: hourly passes, two months per process. */
const TICK_RANGES: [string, string][] = [
  ['2026-10-01T09:00:00Z', '2026-11-30T23:00:00Z'],
  ['2026-12-01T00:00:00Z', '2027-01-31T23:00:00Z'],
  ['2027-02-01T00:00:00Z', '2027-03-31T23:00:00Z'],
  ['2027-04-01T00:00:00Z', '2027-05-31T23:00:00Z'],
  ['2027-06-01T00:00:00Z', '2027-07-31T23:00:00Z'],
];

let fake: FakeSlack;
let dir: string;
let env: SlackProcessEnv;
let bot: RunningBot | null = null;

function db(): Database.Database {
  return new Database(env.TOVHOLDER_DB, { readonly: true, fileMustExist: true });
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const handle = db();
  try {
    return handle.prepare(sql).all(...params) as T[];
  } finally {
    handle.close();
  }
}

/** Every table a command could change, and every Slack call except answers, to prove "no change". */
function snapshot(): string {
  const tables = ['programmes', 'partnerships', 'members', 'activities', 'activity_overrides', 'reminders', 'deliveries', 'inbound_events'];
  // auth.test: /readyz's credential check, once a minute, changes nothing.
  const calls = fake.calls.filter((c) => c.method !== '(response_url)' && c.method !== 'users.info' && c.method !== 'auth.test').length;
  return JSON.stringify([tables.map((t) => query(`SELECT * FROM ${t} ORDER BY ${t === 'reminders' ? 'due_at, id' : 'rowid'}`)), calls]);
}

interface Answer {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: { type: string; text?: { text: string }; elements?: { action_id: string; value: string; text?: unknown }[] }[];
}

/** Sends `/tovholder <text>`; the answers posted to its response_url. */
async function ask(text: string, userId = CONSULTANT, channelId = 'D0KAREN'): Promise<Answer[]> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const response = await slashCommand({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId, channelId, responseUrl, triggerId: fake.newTriggerId() });
  expect(response.status).toBe(200);
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, `an answer to "${text}"`);
  return fake.responses(responseUrl).map((p) => p.body as Answer);
}

async function command(text: string, userId = CONSULTANT, channelId = 'D0KAREN'): Promise<string> {
  return (await ask(text, userId, channelId)).map((body) => JSON.stringify(body)).join('\n');
}

/** The confirm button of a move preview. */
function confirmButton(preview: Answer[]): { action_id: string; value: string } {
  const buttons = preview.flatMap((body) => body.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
  const confirm = buttons.find((b) => /^move\.confirm#\d+$/.test(b.action_id));
  expect(confirm, JSON.stringify(preview)).toBeDefined();
  return confirm!;
}

/** A signed block_actions click on `button` by `userId`; the answers posted to the click's response_url. */
async function click(userId: string, button: { action_id: string; value: string }, channelId: string, ephemeral: boolean): Promise<Answer[]> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const response = await blockAction({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId, actionId: button.action_id, value: button.value, messageTs: `${Math.floor(Date.now() / 1000)}.000900`, channelId, responseUrl, ephemeral });
  expect(response.status).toBe(200);
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, `the answer to ${userId}'s click`);
  return fake.responses(responseUrl).map((p) => p.body as Answer);
}

function readable(answers: Answer[]): string {
  return answers.map((body) => answerText(body)).join('\n');
}

interface OpenedModal {
  responseUrl: string;
  view: { callback_id: string; private_metadata: string; title: { text: string }; blocks: ModalInputBlock[] };
}

/** `/tovholder <text>` that opens a modal: views.open with the command's trigger_id. */
async function openModal(text: string): Promise<OpenedModal> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const triggerId = fake.newTriggerId();
  const opened = fake.callsTo('views.open').length;
  const response = await slashCommand({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId });
  expect(response.status).toBe(200);
  await waitFor(() => fake.callsTo('views.open').length > opened, 10_000, `a modal for "${text}"`);
  const call = fake.callsTo('views.open').at(-1)!;
  expect([call.status, call.params.trigger_id]).toEqual([200, triggerId]);
  return { responseUrl, view: call.params.view as OpenedModal['view'] };
}

/**
 * A signed view_submission of the modal with `answers` typed or picked. Returns the acknowledgement
 * (`response_action: 'errors'` keeps the modal open with a refusal) and what followed on the command's
 * response_url (the answer once the modal closed).
 */
async function submit(modal: OpenedModal, answers: Record<string, string>): Promise<{ ack: { response_action?: string; errors?: Record<string, string> } | null; answers: Answer[] }> {
  const before = fake.responses(modal.responseUrl).length;
  const values = submittedValues(modal.view.blocks, answers);
  const response = await viewSubmission({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, callbackId: modal.view.callback_id, privateMetadata: modal.view.private_metadata, blocks: modal.view.blocks, values });
  expect(response.status).toBe(200);
  const body = await response.text();
  const ack = body ? (JSON.parse(body) as { response_action?: string; errors?: Record<string, string> }) : null;
  if (!ack?.response_action) await waitFor(() => fake.responses(modal.responseUrl).length > before, 10_000, 'the answer to the modal');
  return { ack, answers: fake.responses(modal.responseUrl).slice(before).map((p) => p.body as Answer) };
}

/** Danish dates as Intl writes them ("onsdag den 10. februar 2027", "10.00"), independent of the bot's formatting. */
const DANISH_DATE = new Intl.DateTimeFormat('da-DK', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const DANISH_TIME = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const danishDate = (instant: string): string => DANISH_DATE.format(new Date(instant));
const danishDateTime = (instant: string): string => `${danishDate(instant)} kl. ${DANISH_TIME.format(new Date(instant))}`;

/** "4 timer", "1 time og 30 minutter". */
function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const hourWord = `${h} ${h === 1 ? 'time' : 'timer'}`;
  return minutes % 60 === 0 ? hourWord : h === 0 ? `${minutes} minutter` : `${hourWord} og ${minutes % 60} minutter`;
}

function allSent(): boolean {
  return query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE status != 'sent'")[0]!.n === 0;
}

interface TemplateStep {
  key: string;
  title: { da: string };
  description?: { da: string };
  guidingQuestion?: { da: string };
  agenda?: { da: string }[];
  durationMinutes?: number;
  placement: { from: string };
}
const TEMPLATE = JSON.parse(readFileSync(new URL('../../src/templates/builtin/smaa-partnerskaber.json', import.meta.url), 'utf8')) as { steps: TemplateStep[] };
const templateStep = (key: string): TemplateStep => TEMPLATE.steps.find((s) => s.key === key)!;

/** Messages carrying a delivery key, over every conversation of the workspace. */
function postsByKey(): Map<string, { channel: string; ts: string }[]> {
  const byKey = new Map<string, { channel: string; ts: string }[]>();
  for (const [channel, messages] of fake.state.team(TEAM).messages) {
    for (const m of messages) {
      if (m.metadata?.event_type !== 'tovholder_delivery') continue;
      const key = String(m.metadata.event_payload.key);
      byKey.set(key, [...(byKey.get(key) ?? []), { channel, ts: m.ts }]);
    }
  }
  return byKey;
}

beforeAll(async () => {
  fake = await startFakeSlack({ teams: [teamWithStaff()], postBurst: 10 });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-slack-e2e-'));
  const team = fake.state.team(TEAM);
  env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: team.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  bot = await startBotProcess(env, ['--now', SERVER_NOW]);
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir && !process.env.KEEP_E2E) rmSync(dir, { recursive: true, force: true });
  if (process.env.KEEP_E2E) console.log('kept', dir, JSON.stringify(fake.calls.filter((c) => c.status === 429).map((c) => [c.method, c.params.channel, c.at])));
});

describe('Slack end to end (child processes, signed requests, fake Slack)', () => {
  it('sets up a programme with four partnerships: five channels, members, topics and welcomes', async () => {
    expect(bot!.output()).toContain('Slack:     HTTP mode');
    expect(await command(`opret "${PROGRAMME}" 2027-01-04`)).toContain('er oprettet med start mandag den 4. januar 2027');
    for (const [i, p] of PARTNERSHIPS.entries()) {
      const n = i + 1;
      const answer = await command(`partnerskab "${p.name}" "${p.culture}" "${p.daycare}" <@U0K${n}>=kultur <@U0D${n}A>=dagtilbud <@U0D${n}B>=dagtilbud`);
      expect(answer).toContain(`Partnerskabet *${p.name}* er tilføjet med 3 medlemmer`);
    }
    await waitFor(() => query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE status != 'sent'")[0]!.n === 0 && fake.channels(TEAM).length === 5, 60_000, 'the set-up to reach Slack');

    const channels = fake.channels(TEAM);
    const shared = fake.channelByName(TEAM, 'smaa-partnerskaber-2027')!;
    expect(channels.map((c) => c.name).sort()).toEqual(['smaa-partnerskaber-2027', 'smaa-partnerskaber-2027-fortaellingen', 'smaa-partnerskaber-2027-havet', 'smaa-partnerskaber-2027-musikken', 'smaa-partnerskaber-2027-skoven']);
    const everyone = [CONSULTANT, ...PARTNERSHIPS.flatMap((_, i) => [`U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`])];
    expect(shared.members.filter((m) => m !== 'U0TOVBOT').sort()).toEqual(everyone.sort());
    expect(shared.topic.value).toBe('Små Partnerskaber');
    const sharedWelcome = JSON.stringify(fake.messages(TEAM, shared.id)[0]!.blocks);
    expect(sharedWelcome).toContain(`Velkommen til ${PROGRAMME}`);
    expect(sharedWelcome).toMatch(/Opstartsworkshop/);
    for (const [i, p] of PARTNERSHIPS.entries()) {
      const channel = channels.find((c) => c.name === `smaa-partnerskaber-2027-${p.name.toLowerCase().replace('æ', 'ae')}`)!;
      expect(channel.members.filter((m) => m !== 'U0TOVBOT').sort()).toEqual([CONSULTANT, `U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`].sort());
      expect(channel.topic.value).toBe(`${p.culture} + ${p.daycare}`);
      const welcome = JSON.stringify(fake.messages(TEAM, channel.id).map((m) => m.blocks));
      expect(welcome).toContain(`Velkommen til partnerskabet ${p.name}`);
      expect(welcome).toContain(`<@U0K${i + 1}>: Formidlingsmedarbejder, kulturinstitution`);
      expect(welcome).toContain(`<@U0D${i + 1}A>: Pædagogisk medarbejder, daginstitution`);
      expect(welcome).toMatch(/Forventet tid pr\. rolle.*ca\. \d+(,\d)? timer/);
      expect(welcome).toMatch(/Jeres forløb.*Nysgerrighed.*Midtvejsworkshop.*Afslutningsworkshop/);
    }
  });

  it('rejects forged, stale and replayed requests and refuses bad commands in Danish, changing nothing', async () => {
    const before = snapshot();
    const base = { url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', triggerId: fake.newTriggerId() };
    expect((await slashCommand({ ...base, text: 'opret "Falsk" 2027-02-01', responseUrl: fake.newResponseUrl(), forgeSignature: true })).status).toBe(401);
    expect((await slashCommand({ ...base, text: 'opret "Gammel" 2027-02-01', responseUrl: fake.newResponseUrl(), stale: true })).status).toBe(401);
    expect(await command('stauts')).toContain('Jeg kender ikke kommandoen «stauts»');
    expect(await command('opret "Forår" 2027-02-31')).toContain('«2027-02-31» er ikke en gyldig dato');
    expect(await command('medlem "Bjerget" <@U0D1A>=dagtilbud')).toContain('Jeg kan ikke finde partnerskabet «Bjerget»');
    expect(await command('workshop midtvejs 2027-03-08 09:00 Kulturhuset', 'U0D1A')).toContain('Kun forløbets konsulent kan ændre');
    // Moving a workshop: the consultant's preview changes nothing by itself, and a pedagogue can neither
    // ask for the move nor press the consultant's confirm button (a forged click carrying its value).
    const shared = fake.channelByName(TEAM, 'smaa-partnerskaber-2027')!.id;
    const preview = await ask('flyt midtvejsworkshop 2027-03-15', CONSULTANT, shared);
    expect(readable(preview)).toContain('Flyt Midtvejsworkshop?');
    const confirm = confirmButton(preview);
    expect(await command('flyt midtvejsworkshop 2027-03-15', 'U0D1A', shared)).toContain(`Kun forløbets konsulent kan ændre ${PROGRAMME}`);
    const forged = await click('U0D1A', confirm, shared, false);
    expect(readable(forged)).toContain(`Kun forløbets konsulent kan ændre ${PROGRAMME}`);
    expect(readable(forged)).not.toMatch(/flyttet/);
    expect(snapshot()).toBe(before);

    // An event delivered twice (Slack's retry, signed anew) is handled once; a byte-for-byte replay is refused.
    const im = fake.state.openIm(fake.state.team(TEAM), 'U0K1').channel.id;
    const timestamp = Math.floor(Date.now() / 1000);
    const delivery = { url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0E2EREPLAY', timestamp, eventTime: timestamp, event: { type: 'message', channel: im, channel_type: 'im', user: 'U0K1', text: 'plan mine', ts: '1790000000.000200' } };
    const statuses = [];
    for (const sent of [delivery, { ...delivery, retryNum: 1, timestamp: timestamp + 1 }, delivery]) statuses.push((await eventCallback(sent)).status);
    expect(statuses).toEqual([200, 200, 401]);
    await waitFor(() => query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE idempotency_key LIKE 'slack:reply:%' AND status = 'sent'")[0]!.n === 1, 10_000, 'the DM answer');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(query("SELECT * FROM inbound_events WHERE event_key = 'slack:Ev0E2EREPLAY'")).toHaveLength(1);
    expect(fake.messages(TEAM, im).filter((m) => m.text.includes('Dine næste aktiviteter'))).toHaveLength(1);
  });

  it('moves a visit by its preview button (dependents follow) and creates a programme through a modal', async () => {
    const shared = fake.channelByName(TEAM, 'smaa-partnerskaber-2027')!.id;
    const havetChannel = fake.channelByName(TEAM, 'smaa-partnerskaber-2027-havet')!.id;
    // A place for the kick-off workshop; its reminders must show it (checked in the tick part).
    expect(await command(`workshop opstart 2027-01-04 09:00 ${KICKOFF_PLACE}`, CONSULTANT, shared)).toContain(`Opstartsworkshop er sat til mandag den 4. januar 2027 kl. 09.00 (${KICKOFF_PLACE})`);
    await waitFor(allSent, 30_000, 'the workshop change to reach Slack');

    type ActivityRow = { id: string; step_key: string; partnership: string | null; starts_at: string; revision: number };
    const activities = (): Map<string, ActivityRow> =>
      new Map(query<ActivityRow>('SELECT a.id, a.step_key, p.name AS partnership, a.starts_at, a.revision FROM activities a LEFT JOIN partnerships p ON p.id = a.partnership_id').map((a) => [a.id, a]));
    const before = activities();
    const visitBefore = [...before.values()].find((a) => a.step_key === 'nysgerrighed' && a.partnership === 'Havet')!;
    expect(visitBefore.starts_at.slice(0, 10)).not.toBe(VISIT_MOVE.date);

    // `flyt`: an ephemeral preview with a confirm button; nothing changes until it is pressed.
    const unchanged = snapshot();
    const preview = await ask(`flyt nysgerrighed Havet ${VISIT_MOVE.date} ${VISIT_MOVE.time}`, CONSULTANT, havetChannel);
    expect(preview[0]!.response_type).toBe('ephemeral');
    const previewText = readable(preview);
    expect(previewText).toContain('Flyt Nysgerrighed (Havet)?');
    expect(snapshot()).toBe(unchanged);

    // The consultant presses it (a signed block_actions from the ephemeral preview): the preview is replaced.
    const result = await click(CONSULTANT, confirmButton(preview), havetChannel, true);
    expect(result).toHaveLength(1);
    expect(result[0]!.replace_original).toBe(true);
    const after = activities();
    const moved = [...after.values()].filter((a) => a.starts_at !== before.get(a.id)!.starts_at);
    expect(readable(result)).toContain(`${moved.length} aktiviteter er flyttet. Påmindelserne følger med.`);

    // The visit is where it was asked to be; what the template places after it followed, in Havet only.
    const visit = after.get(visitBefore.id)!;
    expect(danishDateTime(visit.starts_at)).toBe(`${danishDate(`${VISIT_MOVE.date}T12:00:00Z`)} kl. ${VISIT_MOVE.time.replace(':', '.')}`);
    const dependents = new Set(['nysgerrighed']);
    for (const step of TEMPLATE.steps) if (dependents.has(step.placement.from)) dependents.add(step.key);
    expect(dependents.size).toBeGreaterThan(1);
    expect(moved.map((a) => `${a.step_key} (${a.partnership})`).sort()).toEqual([...dependents].map((key) => `${key} (Havet)`).sort());
    // The preview said exactly this: every moved activity, from its old to its new time, under its partnership.
    expect(previewText).toContain('*Havet*\n• Nysgerrighed:');
    for (const a of moved) {
      const title = templateStep(a.step_key).title.da;
      expect(previewText).toContain(`• ${title}: ${danishDateTime(before.get(a.id)!.starts_at)} → *${danishDateTime(a.starts_at)}*`);
    }
    expect(previewText.match(/^• .* → /gm)).toHaveLength(moved.length);
    // Their reminders were planned again for the new times; the old ones are cancelled.
    for (const a of moved) {
      const reminders = query<{ revision: number; status: string; due_at: string }>('SELECT revision, status, due_at FROM reminders WHERE activity_id = ?', a.id);
      const pending = reminders.filter((r) => r.status === 'pending');
      expect(a.revision).toBeGreaterThan(before.get(a.id)!.revision);
      expect(pending.length, a.step_key).toBeGreaterThan(0);
      expect(pending.every((r) => r.revision === a.revision && r.due_at < a.starts_at), a.step_key).toBe(true);
      expect(reminders.filter((r) => r.revision !== a.revision).every((r) => r.status === 'cancelled'), a.step_key).toBe(true);
    }
    // Havet's channel hears about the new dates, once, without "(Havet)" after each; no other channel does.
    await waitFor(allSent, 30_000, 'the move notice to reach Slack');
    const notices = fake.channels(TEAM).flatMap((c) => fake.messages(TEAM, c.id).filter((m) => m.text.startsWith('Nye datoer i planen')).map((m) => ({ channel: c.id, text: answerText(m) })));
    expect(notices.map((n) => n.channel)).toEqual([havetChannel]);
    for (const a of moved) expect(notices[0]!.text).toContain(`${templateStep(a.step_key).title.da}: ~${danishDateTime(before.get(a.id)!.starts_at)}~ → *${danishDateTime(a.starts_at)}*`);

    // `/tovholder opret` without words opens a modal (views.open with the command's trigger_id). A
    // submission that cannot be carried out is refused in Danish on the field, the modal kept open, and
    // nothing changes...
    const modal = await openModal('opret');
    expect(modal.view.title.text).toBe('Opret forløb');
    const beforeRefusal = snapshot();
    const refused = await submit(modal, { name: PROGRAMME, start: SECOND.start });
    expect(refused.ack).toEqual({ response_action: 'errors', errors: { name: `Der findes allerede et forløb med navnet «${PROGRAMME}».` } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.responses(modal.responseUrl)).toEqual([]);
    expect(snapshot()).toBe(beforeRefusal);

    // ...and a good one creates the programme: its answer where the command was typed, its channel and welcome.
    const created = await submit(modal, { name: SECOND.name, start: SECOND.start });
    expect(created.ack).toBeNull();
    expect(readable(created.answers)).toContain(`Forløbet *${SECOND.name}* er oprettet med start ${danishDate(`${SECOND.start}T12:00:00Z`)}`);
    await waitFor(() => allSent() && !!fake.channelByName(TEAM, 'efteraar-2027') && fake.messages(TEAM, fake.channelByName(TEAM, 'efteraar-2027')!.id).length > 0, 30_000, 'the second programme to reach Slack');
    const channel = fake.channelByName(TEAM, 'efteraar-2027')!;
    expect(channel.members.filter((m) => m !== 'U0TOVBOT')).toEqual([CONSULTANT]);
    expect(JSON.stringify(fake.messages(TEAM, channel.id)[0]!.blocks)).toContain(`Velkommen til ${SECOND.name}`);
    const programmes = query<{ name: string; start_date: string; template_id: string; channel_ref: string }>('SELECT name, start_date, template_id, channel_ref FROM programmes ORDER BY created_at');
    expect(programmes.map((p) => [p.name, p.start_date, p.template_id])).toEqual([
      [PROGRAMME, '2027-01-04', 'smaa-partnerskaber'],
      [SECOND.name, SECOND.start, 'smaa-partnerskaber'],
    ]);
    expect(programmes[1]!.channel_ref).toBe(channel.id);
    // It starts late enough that none of its reminders falls in the tick part below.
    const firstDue = query<{ first: string }>('SELECT MIN(r.due_at) AS first FROM reminders r JOIN activities a ON a.id = r.activity_id JOIN programmes p ON p.id = a.programme_id WHERE p.name = ?', SECOND.name)[0]!.first;
    expect(firstDue > TICK_RANGES.at(-1)![1]).toBe(true);
  });

  it('plays the programme through with tick processes: each reminder once, at 09:00 local, in the right place', async () => {
    expect(await bot!.stop()).toBe(0);
    bot = null;
    // The four partnerships' programme (the one created through the modal starts after the tick part).
    const programme = query<{ id: string; channel_ref: string }>('SELECT id, channel_ref FROM programmes WHERE name = ?', PROGRAMME)[0]!;
    const dueRange = query<{ first: string; last: string }>(
      "SELECT MIN(r.due_at) AS first, MAX(r.due_at) AS last FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status = 'pending' AND a.programme_id = ?",
      programme.id,
    )[0]!;
    expect(dueRange.first > SERVER_NOW).toBe(true);
    expect(dueRange.last < TICK_RANGES.at(-1)![1]).toBe(true);
    // The tick processes' waits (pacing, Retry-After, back-offs) pass in simulated time, the fake's
    // limits in real time: they are off for this part (test/e2e/tick-until.test.ts has the 429s).
    fake.setRateLimits(false);
    const tickEnv = { ...env, TOVHOLDER_PACE_RULES: JSON.stringify([{ platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 10, perMs: 1_000 }] }]) };
    const passes = [];
    for (const [from, until] of TICK_RANGES) passes.push(...(await runTickProcess(tickEnv, ['--now', from, '--until', until, '--step', 'PT1H'])));
    expect(passes.length).toBeGreaterThan(0);

    const reminders = query<{ id: string; due_at: string; status: string; offset_days: number; audience: string; step_key: string; partnership_id: string | null; paired_partnership_id: string | null; starts_at: string; location: string | null }>(
      `SELECT r.id, r.due_at, r.status, r.offset_days, a.audience, a.step_key, a.partnership_id, a.paired_partnership_id, a.starts_at, a.location
       FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status != 'cancelled' AND a.programme_id = ? ORDER BY r.due_at`,
      programme.id,
    );
    expect(reminders.filter((r) => r.status !== 'queued').map((r) => `${r.step_key} ${r.status}`)).toEqual([]);
    const partnerships = new Map(query<{ id: string; channel_ref: string }>('SELECT id, channel_ref FROM partnerships WHERE programme_id = ?', programme.id).map((p) => [p.id, p.channel_ref]));
    const members = query<{ id: string; role: string; partnership_id: string | null; user_ref: string }>('SELECT id, role, partnership_id, user_ref FROM members WHERE programme_id = ?', programme.id);
    const deliveries = new Map(query<{ idempotency_key: string; status: string; finished_at: string }>("SELECT idempotency_key, status, finished_at FROM deliveries WHERE idempotency_key LIKE 'reminder:%'").map((d) => [d.idempotency_key, d]));
    const posted = postsByKey();
    const dm = (userRef: string): string => fake.imWith(TEAM, userRef)!.id;

    const expectedTargets = (r: (typeof reminders)[number]): [string, string][] => {
      switch (r.audience) {
        case 'all':
          return [[`programme:${programme.id}`, programme.channel_ref]];
        case 'consultant':
          return members.filter((m) => m.role === 'consultant').map((m) => [`member:${m.id}`, dm(m.user_ref)]);
        case 'cultural_institution':
          return members.filter((m) => m.role === 'culture_staff' && m.partnership_id === r.partnership_id).map((m) => [`member:${m.id}`, dm(m.user_ref)]);
        default:
          return [r.partnership_id, r.paired_partnership_id].filter((id): id is string => !!id).map((id) => [`partnership:${id}`, partnerships.get(id)!]);
      }
    };
    let beforeDst = 0;
    let afterDst = 0;
    const audiences = new Set<string>();
    for (const r of reminders) {
      const local = DateTime.fromISO(r.due_at, { zone: ZONE });
      expect(local.toFormat('HH:mm'), `${r.step_key} due ${r.due_at}`).toBe('09:00');
      if (r.due_at < '2027-03-28') {
        expect(r.due_at).toMatch(/T08:00:00\.000Z$/);
        beforeDst += 1;
      } else {
        expect(r.due_at).toMatch(/T07:00:00\.000Z$/);
        afterDst += 1;
      }
      const targets = expectedTargets(r);
      expect(targets.length, `${r.step_key} has recipients`).toBeGreaterThan(0);
      if (r.step_key === 'afproevning-2' || r.step_key === 'dialog-andet-partnerskab') expect(targets).toHaveLength(2);
      for (const [recipient, channel] of targets) {
        const key = reminderDeliveryKey({ id: r.id, dueAt: r.due_at }, recipient);
        const delivery = deliveries.get(key);
        expect(delivery?.status, key).toBe('sent');
        // Posted at its due instant, not at the next hourly pass: pacing may hold a post back by seconds.
        const late = Date.parse(delivery!.finished_at) - Date.parse(r.due_at);
        expect(late, `${key} posted ${late} ms after ${r.due_at}`).toBeGreaterThanOrEqual(0);
        expect(late, `${key} posted ${late} ms after ${r.due_at}`).toBeLessThan(60_000);
        expect(posted.get(key), key).toEqual([{ channel, ts: expect.any(String) }]);
      }
      audiences.add(r.audience);
    }
    expect(beforeDst).toBeGreaterThan(0);
    expect(afterDst).toBeGreaterThan(0);
    expect([...audiences].sort()).toEqual(['all', 'consultant', 'cultural_institution', 'with_children', 'without_children']);

    // What a reminder says, for one of each kind: the workshop in the shared channel, the (moved) visit in
    // its partnership's channel, the consultant's own task and the cultural institution's draft work by
    // direct message. The words come from the template, the times and places from the store.
    const havet = query<{ id: string; name: string; cultural_institution: string; daycare: string }>('SELECT id, name, cultural_institution, daycare FROM partnerships WHERE programme_id = ? AND name = ?', programme.id, 'Havet')[0]!;
    const samples: { step: string; partnershipId: string | null; channel: string; where?: string; who: string }[] = [
      { step: 'opstartsworkshop', partnershipId: null, channel: programme.channel_ref, where: KICKOFF_PLACE, who: 'Alle partnerskaber og konsulenten' },
      { step: 'nysgerrighed', partnershipId: havet.id, channel: partnerships.get(havet.id)!, where: havet.cultural_institution, who: `${havet.cultural_institution} + ${havet.daycare}` },
      { step: 'planlaeg-opstartsworkshop', partnershipId: null, channel: dm(CONSULTANT), who: 'Konsulenten' },
      { step: 'foerste-udkast', partnershipId: havet.id, channel: dm('U0K1'), who: havet.cultural_institution },
    ];
    for (const sample of samples) {
      const step = templateStep(sample.step);
      const r = reminders.find((x) => x.step_key === sample.step && x.partnership_id === sample.partnershipId)!;
      const [recipient, channel] = expectedTargets(r)[0]!;
      expect(channel).toBe(sample.channel);
      const post = posted.get(reminderDeliveryKey({ id: r.id, dueAt: r.due_at }, recipient))![0]!;
      const message = fake.messages(TEAM, channel).find((m) => m.ts === post.ts)!;
      const blocks = message.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
      const timed = step.durationMinutes !== undefined;
      const inDays = r.offset_days === 0 ? 'i dag' : r.offset_days === 1 ? 'næste arbejdsdag' : `om ${r.offset_days} arbejdsdage`;
      expect(blocks[0]!.text!.text, sample.step).toBe(`${timed ? 'Påmindelse' : 'Frist'}: ${step.title.da} ${inDays}`);
      // When, how long, where, who: Danish date (and time, for what has a duration) and the place.
      const fields = blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
      expect(fields, sample.step).toEqual([
        `*Hvornår*\n${timed ? danishDateTime(r.starts_at) : danishDate(r.starts_at)}`,
        ...(timed ? [`*Varighed*\n${hours(step.durationMinutes!)}`, `*Hvor*\n${sample.where}`] : []),
        `*Hvem*\n${sample.who}`,
      ]);
      // What: the description, the agenda and the question to work with, as the template words them.
      const text = answerText(message);
      if (step.description) expect(text, sample.step).toContain(step.description.da);
      for (const item of step.agenda ?? []) expect(text, sample.step).toContain(`• ${item.da}`);
      if (step.guidingQuestion) expect(text, sample.step).toContain(`*Spørgsmål at gå videre med:* _${step.guidingQuestion.da}_`);
      expect(text).toContain(PROGRAMME);
    }
    // The place is the consultant's, the visit's time the one it was moved to, and a question was shown.
    expect(reminders.find((x) => x.step_key === 'opstartsworkshop')!.location).toBe(KICKOFF_PLACE);
    expect(danishDateTime(reminders.find((x) => x.step_key === 'nysgerrighed' && x.partnership_id === havet.id)!.starts_at).endsWith(`kl. ${VISIT_MOVE.time.replace(':', '.')}`)).toBe(true);
    expect(samples.filter((x) => templateStep(x.step).guidingQuestion).length).toBeGreaterThan(0);
    // Nothing posted twice, nothing failed, nothing left.
    for (const [key, posts] of posted) expect(posts, key).toHaveLength(1);
    expect(query("SELECT idempotency_key, last_error FROM deliveries WHERE status != 'sent'")).toEqual([]);
    const throttled = fake.calls.filter((c) => c.status === 429);
    const counts = new Map<string, number>();
    for (const c of throttled) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    const byMethod = [...counts].map(([method, n]) => `${method} ${n}`);
    console.log(`${reminders.length} reminders (${beforeDst} before and ${afterDst} after the DST change) in ${passes.length} busy passes of ${TICK_RANGES.length} tick processes; ${posted.size} keyed posts in Slack; ${throttled.length} answers 429 from the fake (${byMethod.join(', ') || 'none'}), each waited out`);
    if (process.env.DEBUG_429) console.log(JSON.stringify(throttled.map((c) => [c.method, c.at, c.params.channel])));
  }, 420_000);
});
