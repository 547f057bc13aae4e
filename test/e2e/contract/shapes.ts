/**
 * The end-to-end contract for the built-in programme shapes of issue 13 (001 stærke
 * børnefællesskaber, 003 digital udvikling, 004 kvalitet i dagtilbud), beside Små Partnerskaber's
 * (scenario.ts, unchanged). Each adapter's test supplies a ShapeDriver; this file sets the programme
 * up by commands as a consultant would, plays its whole timeline in simulated time (ticking only when
 * something is due), answers the date prompts with `flyt`, and checks what the people concerned got.
 *
 * What the template says (group types, roles, audiences, windows) is read from the template itself,
 * so the checks hold each built-in template to the design's rules rather than to a copy of its steps.
 */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { Core } from '../../../src/app.ts';
import type { Member, Partnership, Programme } from '../../../src/domain/entities.ts';
import { addressOf, type Step, type Template } from '../../../src/domain/template.ts';
import type { StoredActivity } from '../../../src/store/activities.ts';
import { createDanishCalendar } from '../../../src/timeline/calendar.ts';
import { rangeLabel } from '../../../src/timeline/windows.ts';
import { ZONE, type ContractDriver } from './scenario.ts';

/** What the shapes contract needs from an adapter's test, beyond Små Partnerskaber's. */
export interface ShapeDriver extends ContractDriver {
  /**
   * The consultant types `/tovholder <text>` where they work with the bot. When the answer is a move
   * preview, they press its confirm button. Returns everything they read (the answer, then the
   * confirmation).
   */
  command(text: string): Promise<string>;
  /**
   * How the consultant names a participant in a command: slot `slot` (0, 1, ...) of the `group`-th
   * group set up (`<@U0K3>` on Slack, `{Name}` on Teams, `@anders` locally). Distinct people for
   * distinct (group, slot) as far as the platform's people go.
   */
  mention(group: number, slot: number): string;
  /** The instant the core's clock shows (the timeline never moves it backwards). */
  now(): Date;
}

/** One built-in template's scenario: its programme, and the networks the consultant creates. */
export interface Shape {
  /** The seed's number, for test names. */
  seed: string;
  templateId: string;
  name: string;
  start: string;
  /** The clock when the consultant sets the programme up: before any date the template names. */
  setUpAt: string;
  /** Groups created with `gruppe`, each with its organisations (municipalities). */
  networks: { name: string; organisations: string[] }[];
}

const NORD = ['Hjørring Kommune', 'Frederikshavn Kommune', 'Brønderslev Kommune', 'Jammerbugt Kommune'];
const MIDT = ['Aarhus Kommune', 'Skanderborg Kommune', 'Odder Kommune'];

/**
 * The three shapes. A network of four and one of three: pairs and, in the network of three, a
 * remainder that joins the last pair. Dates in the template are fixed or windows in the start year
 * plus an offset, so the seeds' years (2017, 2021) become 2027-2029 here.
 */
export const SHAPES: Shape[] = [
  {
    seed: '001',
    templateId: 'kl-boernefaellesskaber',
    name: 'Stærke børnefællesskaber 2027',
    start: '2027-08-02',
    setUpAt: '2027-05-03T07:00:00Z',
    networks: [
      { name: 'Netværk Nord', organisations: NORD },
      { name: 'Netværk Midt', organisations: MIDT },
    ],
  },
  {
    seed: '003',
    templateId: 'kl-digital-udvikling',
    name: 'Digital udvikling 0-18 år',
    start: '2027-09-01',
    setUpAt: '2027-05-03T07:00:00Z',
    networks: [],
  },
  {
    seed: '004',
    templateId: 'kl-kvalitet-dagtilbud',
    name: 'Kvalitet i dagtilbud 2027',
    start: '2027-06-01',
    setUpAt: '2027-04-12T07:00:00Z',
    networks: [
      { name: 'Netværk Nord', organisations: NORD },
      { name: 'Netværk Midt', organisations: MIDT },
    ],
  },
];

/** Named groups of organisations (003's tracks, if they hold municipalities) get these. */
const NAMED_GROUP_ORGANISATIONS = ['Hjørring Kommune', 'Aalborg Kommune', 'Thisted Kommune'];

export interface ShapeRun {
  programme: Programme;
  template: Template;
  /** The groups the consultant set up or the template named, in order. */
  groups: Partnership[];
}

const calendar = createDanishCalendar();

/**
 * Sets the programme up by commands: `opret`, then per network `gruppe <type> "…"` and
 * `organisation "<netværk>" "<kommune>" @x=<rolle> @y=<rolle>`, then people in the template's named
 * groups (`organisation` for a group of organisations, else `medlem`). Each step is checked in the
 * database: the answer's words are the commands helper's to choose.
 */
export async function setUpShape(driver: ShapeDriver, shape: Shape): Promise<ShapeRun> {
  const { core } = driver;
  const template = core.programmes.template(shape.templateId);
  const created = await driver.command(`opret "${shape.name}" ${shape.start} ${shape.templateId}`);
  const programme = programmeNamed(core, shape.name, created);
  expect(programme.templateId).toBe(shape.templateId);

  // Named groups are created with the programme.
  for (const named of template.groups ?? []) {
    expect({ group: named.key, made: core.repos.partnerships.listForProgramme(programme.id).some((g) => g.templateKey === named.key) }).toEqual({ group: named.key, made: true });
  }

  const types = template.groupTypes ?? [];
  const namedTypes = new Set((template.groups ?? []).map((g) => g.type));
  const networkType = types.find((t) => t.organisations && !namedTypes.has(t.key));
  let groupIndex = 0;
  if (shape.networks.length > 0) expect(networkType, `${shape.templateId} has a group type of organisations`).toBeDefined();
  for (const network of networkType ? shape.networks : []) {
    const answer = await driver.command(`gruppe ${networkType!.name.da.toLowerCase()} "${network.name}"`);
    const group = core.repos.partnerships.findByName(programme.id, network.name);
    expect({ network: network.name, type: group?.groupType }, answer).toEqual({ network: network.name, type: networkType!.key });
    await addOrganisations(driver, programme, template, group!, network.organisations, groupIndex);
    groupIndex += 1;
  }

  for (const named of template.groups ?? []) {
    const group = core.repos.partnerships.listForProgramme(programme.id).find((g) => g.templateKey === named.key)!;
    const type = types.find((t) => t.key === named.type);
    if (type?.organisations) {
      await addOrganisations(driver, programme, template, group, NAMED_GROUP_ORGANISATIONS, groupIndex);
    } else {
      const roles = rolesFor(template, named.type);
      const tokens = [0, 1].map((slot) => `${driver.mention(groupIndex, slot)}=${roleWord(template, roles[slot % roles.length]!)}`);
      const answer = await driver.command(`medlem "${group.name}" ${tokens.join(' ')}`);
      expect({ group: group.name, members: core.repos.members.listForPartnership(group.id).length }, answer).toEqual({ group: group.name, members: 2 });
    }
    groupIndex += 1;
  }
  const groups = core.repos.partnerships.listForProgramme(programme.id);
  return { programme: core.repos.programmes.get(programme.id)!, template, groups };
}

async function addOrganisations(driver: ShapeDriver, programme: Programme, template: Template, group: Partnership, names: string[], groupIndex: number): Promise<void> {
  const roles = rolesFor(template, group.groupType);
  const answers: string[] = [];
  for (const [i, name] of names.entries()) {
    const tokens = [0, 1].map((n) => `${driver.mention(groupIndex, i * 2 + n)}=${roleWord(template, roles[(i + n) % roles.length]!)}`);
    answers.push(await driver.command(`organisation "${group.name}" "${name}" ${tokens.join(' ')}`));
  }
  const organisations = organisationsOf(driver.core, group.id);
  expect({ group: group.name, organisations: organisations.map((o) => o.name) }, answers.join('\n')).toEqual({ group: group.name, organisations: names });
  const members = driver.core.repos.members.listForPartnership(group.id);
  expect({ group: group.name, members: members.length, withOrganisation: members.filter((m) => m.organisationId).length }, answers.join('\n')).toEqual({
    group: group.name,
    members: names.length * 2,
    withOrganisation: names.length * 2,
  });
  void programme;
}

/** The roles of people in a group type (never the consultant's); any participant role if none. */
function rolesFor(template: Template, groupType: string): string[] {
  const own = template.roles.filter((r) => r.role !== 'consultant' && r.groupType === groupType).map((r) => r.role);
  return own.length > 0 ? own : template.roles.filter((r) => r.role !== 'consultant').map((r) => r.role);
}

/** The word a consultant types for a role: the template's first word for it, else its key. */
function roleWord(template: Template, role: string): string {
  return template.roles.find((r) => r.role === role)?.words?.[0] ?? role;
}

function programmeNamed(core: Core, name: string, answer: string): Programme {
  const programme = core.db.prepare('SELECT id FROM programmes WHERE name = ?').pluck().get(name) as string | undefined;
  expect(programme, `programme "${name}" was created: ${answer}`).toBeDefined();
  return core.repos.programmes.get(programme!)!;
}

interface OrganisationRow {
  id: string;
  name: string;
  groupId: string;
  position: number;
}

function organisationsOf(core: Core, groupId: string): OrganisationRow[] {
  return core.db.prepare('SELECT id, name, group_id AS groupId, position FROM organisations WHERE group_id = ? ORDER BY position').all(groupId) as OrganisationRow[];
}

/** What happened while the timeline played, for the checks and the test's log line. */
export interface PlayLog {
  /** `step|group` → when the consultant answered its date prompt, and the date (inside the window). */
  answered: Map<string, { at: string; date: string }>;
  /**
   * The dates outside a window the consultant tried (the first window step asked, and the first
   * pairing visit, whose activities are one per pair), and what they read.
   */
  refused: { activity: string; date: string; answer: string }[];
  passes: number;
}

/**
 * Plays the programme's whole timeline, ticking only when something is due: the next pending
 * reminder or date prompt (with a pass one minute before it, which must send nothing of it), or the
 * next delivery the outbox holds. Each pass posts exactly as many messages on the platform as the
 * outbox marked sent. A date prompt is answered the second time it comes (so every window step is
 * asked twice) with the command the prompt gives and a working day inside the window. Before the
 * first answer, and before the first pairing visit's, the consultant types a date outside the window
 * (naming the step and the group in words): it must be refused in Danish and change nothing.
 */
export async function playShape(driver: ShapeDriver, run: ShapeRun): Promise<PlayLog> {
  const { core } = driver;
  const { programme } = run;
  // The end moves as window steps get their dates (an undated one sits on its window's first day).
  const end = () => {
    const lastDate = core.db.prepare('SELECT MAX(local_date) FROM activities WHERE programme_id = ?').pluck().get(programme.id) as string;
    return DateTime.fromISO(lastDate, { zone: ZONE }).plus({ days: 1 }).endOf('day').toUTC().toISO()!;
  };
  const log: PlayLog = { answered: new Map(), refused: [], passes: 0 };
  const early = new Set<string>();
  let stalled = { at: '', times: 0 };
  for (;;) {
    const reminderDue = core.db
      .prepare(`SELECT MIN(r.due_at) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.status = 'pending'`)
      .pluck()
      .get(programme.id) as string | null;
    const deliveryDue = core.repos.deliveries.nextDueAt();
    const next = [reminderDue, deliveryDue].filter((d): d is string => !!d).sort()[0];
    if (!next || next > end()) break;
    stalled = stalled.at === next ? { at: next, times: stalled.times + 1 } : { at: next, times: 0 };
    if (stalled.times > 100) throw new Error(`nothing sends what is due at ${next} (reminder ${reminderDue}, delivery ${deliveryDue})`);
    // The clock only moves forward (commands' follow-up passes may have moved it a few seconds on).
    const current = driver.now().toISOString();
    if (next === reminderDue && !early.has(next)) {
      early.add(next);
      const before = new Date(Date.parse(next) - 60_000).toISOString();
      if (before > current) {
        await shapePass(driver, new Date(before));
        log.passes += 1;
        const sentEarly = core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE ? AND status = 'sent'`).pluck().get(`reminder:${next}:%`) as number;
        expect({ at: before, sentEarly }).toEqual({ at: before, sentEarly: 0 });
      }
    }
    const at = next > current ? next : current;
    await shapePass(driver, new Date(at));
    log.passes += 1;
    await answerDatePrompts(driver, run, log, at);
  }
  return log;
}

async function shapePass(driver: ShapeDriver, at: Date): Promise<void> {
  const before = { posts: driver.postCount(), sent: sentPosts(driver.core) };
  await driver.tick(at);
  const added = sentPosts(driver.core) - before.sent;
  expect({ at: at.toISOString(), posts: driver.postCount() - before.posts }).toEqual({ at: at.toISOString(), posts: added });
}

function sentPosts(core: Core): number {
  return core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND op = 'post'`).pluck().get() as number;
}

interface PromptCount {
  activityId: string;
  sent: number;
  pending: number;
}

/** Date prompts sent (queued) and still to come, per activity still without a date. */
function promptCounts(core: Core, programmeId: string): PromptCount[] {
  return core.db
    .prepare(
      `SELECT a.id AS activityId, SUM(r.status = 'queued') AS sent, SUM(r.status = 'pending') AS pending
       FROM reminders r JOIN activities a ON a.id = r.activity_id
       WHERE a.programme_id = ? AND r.purpose = 'date_prompt' AND a.undated = 1
       GROUP BY a.id`,
    )
    .all(programmeId) as PromptCount[];
}

async function answerDatePrompts(driver: ShapeDriver, run: ShapeRun, log: PlayLog, now: string): Promise<void> {
  const { core } = driver;
  for (const count of promptCounts(core, run.programme.id)) {
    if (count.sent < 2 && !(count.sent === 1 && count.pending === 0)) continue;
    const activity = activityById(core, count.activityId);
    if (!activity.undated) continue; // dated by an earlier answer (another pair of the same visit)
    expect(activity.window, `window of ${activity.planKey}`).not.toBeNull();
    const window = activity.window!;
    const group = activity.partnershipId ? core.repos.partnerships.get(activity.partnershipId)! : null;
    // A step for one named group needs no group in the command (a word after it would name a pair's organisation).
    const step = run.template.steps.find((st) => st.key === activity.stepKey)!;
    const named = typeof step.audience === 'object' && step.audience.to === 'group';
    const target = group && !named ? ` "${group.name}"` : '';
    const paired = activity.pairedOrganisationIds.length > 0;
    if (log.refused.length === 0 || (paired && !log.refused.some((r) => r.activity.includes('#')))) {
      const outside = calendar.addWorkingDays(window.to, 3);
      const before = snapshot(core, run.programme.id);
      const answer = await driver.command(`flyt ${activity.stepKey}${target} ${outside}`);
      log.refused.push({ activity: activity.planKey, date: outside, answer });
      expect(snapshot(core, run.programme.id), `${outside} for ${activity.planKey} is outside its window and changes nothing: ${answer}`).toBe(before);
      // The refusal says so in Danish and names the window by its dates.
      expect(answer).toContain('uden for');
      expect(answer).toContain(rangeLabel(window, 'da'));
    }
    // She answers with the command the prompt gave her, with her date in place of the suggested one.
    const date = dateInWindow(window, group?.position ?? 0);
    const answer = await driver.command(`${promptedCommand(core, activity)} ${date}`);
    const moved = activityById(core, activity.id);
    expect({ activity: activity.planKey, answer, undated: moved.undated, date: moved.localDate }).toEqual({ activity: activity.planKey, answer, undated: false, date });
    log.answered.set(answerKey(activity), { at: now, date });
  }
}

/** `flyt temamoede-2 <gruppe>` from the latest date prompt the consultant got for the activity. */
function promptedCommand(core: Core, activity: StoredActivity): string {
  const payloads = core.db
    .prepare(
      `SELECT d.payload FROM deliveries d JOIN reminders r ON instr(d.idempotency_key, ':' || r.id || ':') > 0
       WHERE r.activity_id = ? AND r.purpose = 'date_prompt' AND d.status = 'sent' ORDER BY d.id DESC`,
    )
    .pluck()
    .all(activity.id) as string[];
  const command = payloads.map((p) => /\/tovholder (flyt [^`"\\]+?) \d{4}-\d\d-\d\d/.exec(p)?.[1]).find(Boolean);
  expect(command, `the date prompt for ${activity.planKey} says which command sets the date`).toBeDefined();
  return command!;
}

/** One answer dates every activity of the step in the group (all pairs of a network's visit). */
function answerKey(activity: StoredActivity): string {
  return `${activity.stepKey}|${activity.partnershipId ?? ''}`;
}

/** A working day inside the window, a little later for each group so the networks meet on their own days. */
function dateInWindow(window: { from: string; to: string }, position: number): string {
  const day = calendar.addWorkingDays(calendar.nextWorkingDay(window.from), 6 + 4 * position);
  return day <= window.to ? day : calendar.nextWorkingDay(window.from);
}

function activityById(core: Core, id: string): StoredActivity {
  const programmeId = core.db.prepare('SELECT programme_id FROM activities WHERE id = ?').pluck().get(id) as string;
  return core.repos.activities.listForProgramme(programmeId).find((a) => a.id === id)!;
}

/** The tables a refused move could change. */
function snapshot(core: Core, programmeId: string): string {
  const activities = core.db.prepare('SELECT * FROM activities WHERE programme_id = ? ORDER BY id').all(programmeId);
  const reminders = core.db.prepare('SELECT r.* FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? ORDER BY r.id').all(programmeId);
  const overrides = core.db.prepare('SELECT * FROM activity_overrides WHERE programme_id = ?').all(programmeId);
  return JSON.stringify({ activities, reminders, overrides });
}

interface SentDelivery {
  key: string;
  target: { type: string; id: string };
  resultRef: string | null;
  finishedAt: string | null;
  status: string;
  payload: string;
}

interface ReminderRow {
  id: string;
  activityId: string;
  dueAt: string;
  status: string;
  purpose: string;
  revision: number;
  activityRevision: number;
}

export interface ShapeResult {
  reminders: number;
  deliveries: number;
  datePrompts: number;
  homework: number;
  pairings: number;
}

/**
 * After the timeline: every reminder and date prompt sent once to exactly the people it concerns, in
 * their conversation, on a Danish working day at the template's local reminder time; date prompts
 * before the window opens, asked again while unset, none after; homework reminded before the meeting
 * it prepares; pairings announced in the group's channel and both sides reminded.
 */
export function checkShape(driver: ShapeDriver, run: ShapeRun, log: PlayLog): ShapeResult {
  const { core } = driver;
  const { programme, template } = run;
  const reminderTime = programme.settings.reminderTime ?? template.defaults.reminderTime;
  const activities = new Map(core.repos.activities.listForProgramme(programme.id).map((a) => [a.id, a]));
  const members = core.repos.members.listForProgramme(programme.id);
  const groups = core.repos.partnerships.listForProgramme(programme.id);
  const stepOf = (a: StoredActivity): Step => template.steps.find((s) => s.key === a.stepKey)!;

  const reminders = core.db
    .prepare(
      `SELECT r.id, r.activity_id AS activityId, r.due_at AS dueAt, r.status, r.purpose, r.revision, a.revision AS activityRevision
       FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? ORDER BY r.due_at`,
    )
    .all(programme.id) as ReminderRow[];
  // Every reminder of the current plan went out; the only others are those a move replaced.
  expect(reminders.filter((r) => r.status !== 'queued' && !(r.status === 'cancelled' && r.revision < r.activityRevision))).toEqual([]);
  const deliveries = core.db
    .prepare(`SELECT idempotency_key AS key, target, result_ref AS resultRef, finished_at AS finishedAt, status, payload FROM deliveries WHERE programme_id = ?`)
    .all(programme.id)
    .map((row) => ({ ...(row as SentDelivery), target: JSON.parse((row as { target: string }).target) })) as SentDelivery[];
  // A reminder's deliveries carry its id in their key (reminderDeliveryKey: due time, id, recipient).
  const byReminder = new Map(reminders.map((r) => [r.id, deliveries.filter((d) => d.key.includes(`:${r.id}:`))]));

  let sentCount = 0;
  const sent = reminders.filter((r) => r.status === 'queued');
  for (const reminder of sent) {
    const activity = activities.get(reminder.activityId)!;
    const what = `${reminder.purpose} ${reminder.dueAt} for ${activity.planKey}`;
    const got = byReminder.get(reminder.id) ?? [];
    expect({ what, unsent: got.filter((d) => d.status !== 'sent').map((d) => d.key) }).toEqual({ what, unsent: [] });
    const expected = expectedTargets(run, activity, stepOf(activity), reminder.purpose, members, groups);
    expect({ what, to: got.map((d) => `${d.target.type}:${d.target.id}`).sort() }).toEqual({ what, to: expected.sort() });
    const due = DateTime.fromISO(reminder.dueAt, { zone: ZONE });
    expect({ what, workingDay: calendar.isWorkingDay(due.toISODate()!), time: due.toFormat('HH:mm') }).toEqual({ what, workingDay: true, time: reminderTime });
    for (const d of got) {
      const local = DateTime.fromISO(d.finishedAt!, { zone: ZONE });
      expect({ what, sent: `${local.toISODate()} ${local.toFormat('HH:mm')}` }).toEqual({ what, sent: `${due.toISODate()} ${reminderTime}` });
      expect({ what, key: d.key, conversation: driver.conversationOf(d.resultRef!) }).toEqual({ what, key: d.key, conversation: conversationOfTarget(driver, d.target) });
      sentCount += 1;
    }
  }

  // Date prompts: for every window step in every group, before its window opens, asked twice, none
  // after the answer. A round of visits (one activity per pair) is one date, asked for once.
  let datePrompts = 0;
  const roundOf = (a: StoredActivity) => `${a.stepKey}@${a.partnershipId ?? ''}`;
  const asked = new Set<string>();
  for (const activity of activities.values()) {
    const step = stepOf(activity);
    if (!('window' in step.placement)) continue;
    const round = [...activities.values()].filter((a) => roundOf(a) === roundOf(activity)).map((a) => a.id);
    const first = !asked.has(roundOf(activity));
    asked.add(roundOf(activity));
    const prompts = first ? sent.filter((r) => round.includes(r.activityId) && r.purpose === 'date_prompt') : [];
    datePrompts += prompts.length;
    const window = activity.window!;
    expect({ activity: activity.planKey, undated: activity.undated, inWindow: window.from <= activity.localDate && activity.localDate <= window.to }).toEqual({
      activity: activity.planKey,
      undated: false,
      inWindow: true,
    });
    if (first) expect({ activity: activity.planKey, prompts: prompts.length }).toEqual({ activity: activity.planKey, prompts: 2 });
    for (const prompt of prompts) expect({ activity: activity.planKey, before: DateTime.fromISO(prompt.dueAt, { zone: ZONE }).toISODate()! < window.from }).toEqual({ activity: activity.planKey, before: true });
    const answered = log.answered.get(answerKey(activity));
    expect({ activity: activity.planKey, answered: !!answered }).toEqual({ activity: activity.planKey, answered: true });
    for (const prompt of prompts) expect({ activity: activity.planKey, prompt: prompt.dueAt, afterAnswer: prompt.dueAt > answered!.at }).toEqual({ activity: activity.planKey, prompt: prompt.dueAt, afterAnswer: false });
    // Dated: its ordinary reminders came after.
    expect({ activity: activity.planKey, reminded: sent.some((r) => r.activityId === activity.id && r.purpose !== 'date_prompt') }).toEqual({ activity: activity.planKey, reminded: true });
  }
  expect(log.refused.length, 'the consultant tried a date outside a window').toBeGreaterThan(0);

  // Homework and self-evaluation: reminded, and before the meeting they prepare.
  let homework = 0;
  for (const activity of activities.values()) {
    const step = stepOf(activity);
    if (!['homework', 'self_evaluation'].includes(step.kind) || !('workingDays' in step.placement) || step.placement.workingDays >= 0) continue;
    const anchorKey = step.placement.from;
    const meeting = [...activities.values()].find((a) => a.stepKey === anchorKey && (a.partnershipId === activity.partnershipId || a.partnershipId === null))!;
    const own = sent.filter((r) => r.activityId === activity.id);
    expect({ homework: activity.planKey, reminders: own.length > 0, beforeMeeting: activity.startsAt < meeting.startsAt }).toEqual({ homework: activity.planKey, reminders: true, beforeMeeting: true });
    for (const r of own) for (const d of byReminder.get(r.id) ?? []) expect({ homework: activity.planKey, sentBeforeMeeting: d.finishedAt! < meeting.startsAt }).toEqual({ homework: activity.planKey, sentBeforeMeeting: true });
    homework += 1;
  }

  // Pairings between organisations: both sides reminded, announced in the group's channel, balanced.
  let pairings = 0;
  const organisations = new Map(groups.flatMap((g) => organisationsOf(core, g.id)).map((o) => [o.id, o]));
  const visits = new Map<string, { visits: number; hosts: number }>();
  for (const activity of activities.values()) {
    if (activity.pairedOrganisationIds.length === 0) continue;
    pairings += 1;
    const unit = activity.planKey.split('#')[1];
    expect({ pairing: activity.planKey, firstIsPaired: unit !== undefined && activity.pairedOrganisationIds.includes(unit) }).toEqual({ pairing: activity.planKey, firstIsPaired: true });
    const names = activity.pairedOrganisationIds.map((id) => organisations.get(id)?.name ?? id);
    // The group's channel heard the pairs in one announcement, once the municipalities were all added.
    const announcements = deliveries.filter((d) => d.status === 'sent' && d.key.startsWith(`pairing-announcement:${activity.partnershipId}:`));
    expect({ pairing: activity.planKey, announcements: announcements.length }).toEqual({ pairing: activity.planKey, announcements: 1 });
    expect({ pairing: activity.planKey, names, announced: names.every((n) => announcements[0]!.payload.includes(n)) }).toEqual({ pairing: activity.planKey, names, announced: true });
    expect({ pairing: activity.planKey, conversation: driver.conversationOf(announcements[0]!.resultRef!) }).toEqual({ pairing: activity.planKey, conversation: conversationOfTarget(driver, announcements[0]!.target) });
    const remindedMembers = new Set(sent.filter((r) => r.activityId === activity.id).flatMap((r) => (byReminder.get(r.id) ?? []).filter((d) => d.target.type === 'member').map((d) => d.target.id)));
    const sides = members.filter((m) => m.organisationId && activity.pairedOrganisationIds.includes(m.organisationId));
    expect({ pairing: activity.planKey, unreminded: sides.filter((m) => !remindedMembers.has(m.id)).map((m) => m.displayName) }).toEqual({ pairing: activity.planKey, unreminded: [] });
    const step = stepOf(activity);
    if (typeof step.pairing === 'object' && step.pairing.mode === 'visit' && activity.pairedOrganisationIds.length === 2) {
      for (const id of activity.pairedOrganisationIds) {
        const key = `${activity.stepKey}|${id}`;
        const count = visits.get(key) ?? { visits: 0, hosts: 0 };
        if (id === unit) count.visits += 1;
        else count.hosts += 1;
        visits.set(key, count);
      }
    }
  }
  for (const [key, count] of visits) expect({ key, ...count }).toEqual({ key, visits: count.hosts, hosts: count.hosts });

  return { reminders: sent.length, deliveries: sentCount, datePrompts, homework, pairings };
}

/**
 * Whom a reminder is for, from the design's rules (independently of src/scheduler/recipients.ts):
 * a date prompt to the `setBy` role in the group (the programme's consultants if none); otherwise the
 * audience's conversation — the shared channel, the group's channel, the channels of every group of
 * the types — or, for `direct`, the DMs of the audience's roles there; and for a pairing between
 * organisations, the DMs of the people of every organisation in it too.
 */
function expectedTargets(run: ShapeRun, activity: StoredActivity, step: Step, purpose: string, members: Member[], groups: Partnership[]): string[] {
  const { programme, template } = run;
  const member = (m: Member) => `member:${m.id}`;
  const consultants = members.filter((m) => m.role === 'consultant');
  if (purpose === 'date_prompt') {
    const setBy = 'setBy' in step.placement ? step.placement.setBy : 'consultant';
    const inGroup = members.filter((m) => m.role === setBy && (activity.partnershipId === null || m.partnershipId === activity.partnershipId));
    return (inGroup.length > 0 ? inGroup : consultants).map(member);
  }
  const address = addressOf(template, step.audience);
  const withRole = (list: Member[]) => list.filter((m) => address.roles.includes(m.role));
  // People of a programme-wide role (the consultant) belong to no group; what is for "the roles in
  // this group" reaches them too when their role is among the audience's.
  const groupRole = (role: string) => template.roles.find((r) => r.role === role)?.groupType !== undefined;
  const outside = withRole(members.filter((m) => m.partnershipId === null && !groupRole(m.role)));
  const inGroup = (id: string) => [...withRole(members.filter((m) => m.partnershipId === id)), ...outside].map(member);
  let targets: string[];
  switch (address.to) {
    case 'programme':
      targets = address.direct ? withRole(members).map(member) : [`programme:${programme.id}`];
      break;
    case 'each':
    case 'group': {
      const id = activity.partnershipId!;
      const other = activity.pairedPartnershipId;
      targets = address.direct ? inGroup(id) : [`partnership:${id}`];
      // A pairing between groups (Små Partnerskaber's trial 2): the other group too.
      if (other) targets.push(...(address.direct ? inGroup(other) : [`partnership:${other}`]));
      break;
    }
    case 'types': {
      const ids = groups.filter((g) => address.groupTypes?.includes(g.groupType)).map((g) => g.id);
      targets = address.direct ? withRole(members.filter((m) => m.partnershipId === null || ids.includes(m.partnershipId))).map(member) : ids.map((id) => `partnership:${id}`);
      break;
    }
  }
  // A pairing between organisations: announced in the group's channel, and both sides by direct message.
  if (activity.pairedOrganisationIds.length > 0) {
    targets.push(`partnership:${activity.partnershipId}`);
    targets.push(...withRole(members.filter((m) => m.partnershipId === activity.partnershipId && m.organisationId && activity.pairedOrganisationIds.includes(m.organisationId))).map(member));
  }
  return [...new Set(targets)];
}

function conversationOfTarget(driver: ShapeDriver, target: { type: string; id: string }): string {
  const { repos } = driver.core;
  const ref =
    target.type === 'programme'
      ? repos.programmes.get(target.id)?.channelRef
      : target.type === 'partnership'
        ? repos.partnerships.get(target.id)?.channelRef
        : repos.members.get(target.id)?.dmRef;
  return driver.conversationFor(ref ?? `(no conversation for ${target.type} ${target.id})`);
}

/** The first pending reminder's instant: the test checks set-up came before it. */
export function firstDue(core: Core, programmeId: string): string | null {
  return core.db
    .prepare(`SELECT MIN(r.due_at) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.status = 'pending'`)
    .pluck()
    .get(programmeId) as string | null;
}
