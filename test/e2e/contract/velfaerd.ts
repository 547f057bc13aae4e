/**
 * The end-to-end contract of the fifth built-in template, `velfaerdspartnerskab` (seed 002, the CBS
 * book on welfare partnerships), over its 24 months. Each adapter's test supplies a VelfaerdDriver;
 * this file sets the partnership up by commands (shapes.ts setUpShape), plays the whole timeline in
 * simulated time (ticking whenever anything is due: a reminder, an evaluation or status report, an
 * action's question or reminder, a group to watch, a delivery), and acts as the people would:
 * - people write in every group's channel every ten working days, except Netværk Svendborg, which
 *   falls silent after May 2027 (the seed's early sign of network fatigue);
 * - the consultant gives actions after a meeting (`handling @x "…" dato`), and their owners press
 *   Færdig in their direct conversation, one after both reminders, one between them;
 * - nobody sends the first status report, and the consultant reads `status` after its deadline;
 * - the consultant cancels April's research meeting (`aflys`) and moves the steering group's meetings
 *   from November 2027 on a week later (`flyt … og følgende`, confirmed with Flyt).
 * Then it checks what reached whom, and when.
 */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { Core } from '../../../src/app.ts';
import { isProgrammeWide, type Step } from '../../../src/domain/template.ts';
import type { StoredActivity } from '../../../src/store/activities.ts';
import type { MemberWithDm } from '../../../src/store/programmes.ts';
import { createDanishCalendar } from '../../../src/timeline/calendar.ts';
import { ZONE } from './scenario.ts';
import { setUpShape, type Shape, type ShapeDriver, type ShapeRun } from './shapes.ts';

/** What the contract needs beyond the shapes contract's driver. */
export interface VelfaerdDriver extends ShapeDriver {
  /**
   * `member` writes an ordinary message (no command) in the channel `channelRef`, as the platform
   * delivers a person's message to the bot. Resolves once the bot has taken it in.
   */
  personWrites(member: MemberWithDm, channelRef: string, text: string): Promise<void>;
  /**
   * `owner` presses Færdig on the bot's message `messageRef` (a delivery's result_ref) in their direct
   * conversation with the bot, through the real adapter. Returns the answer they read.
   */
  pressDone(owner: MemberWithDm, messageRef: string): Promise<string>;
}

export const VELFAERD: Shape = {
  seed: '002',
  templateId: 'velfaerdspartnerskab',
  name: 'Velfærdspartnerskab 2027',
  start: '2027-01-04',
  setUpAt: '2026-12-01T08:00:00Z',
  networks: [
    { name: 'Netværk Aarhus', organisations: ['Børnehuset Solsikken', 'Vuggestuen Mariehønen', 'Naturbørnehaven Skovly'] },
    { name: 'Netværk Svendborg', organisations: ['Børnehaven Havblik', 'Den Selvejende Børnehave Ærtebjerg', 'Børnehuset Troldehøj'] },
  ],
};

/** The network that goes quiet, and the last day anyone writes in it. */
const QUIET_GROUP = 'Netværk Svendborg';
const QUIET_FROM = '2027-05-31';

/** The occurrence the consultant cancels, and the one moved with the following. */
const CANCELLED = { step: 'forskningsmoede', occurrence: 4, date: '2027-04-01' };
const MOVED = { step: 'styregruppemoede', occurrence: 2, from: '2027-11-03', to: '2027-11-10' };

const calendar = createDanishCalendar();
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const utc = (iso: string) => local(iso).toUTC().toISO()!;

export interface GivenAction {
  id: string;
  owner: MemberWithDm;
  dueDate: string;
  meeting: string;
  /** When the owner pressed Færdig, and what they read. */
  done?: { at: string; answer: string };
}

export interface VelfaerdLog {
  passes: number;
  humanMessages: number;
  actions: GivenAction[];
  /** What `status` showed the consultant after the first report's deadline. */
  status: string;
  /** What `handlinger` showed at the end. */
  openActions: string;
  /** The answers to `aflys` (one research meeting) and `flyt … og følgende` (the steering group's later meetings). */
  cancelled: string;
  moved: string;
}

interface ScriptedEvent {
  at: string;
  run: () => Promise<void>;
}

/** The template's groups in setUpShape's order (networks, then named groups), with their index for `mention`. */
function groupIndex(run: ShapeRun, name: string): number {
  const order = [...VELFAERD.networks.map((n) => n.name), ...run.template.groups.map((g) => run.groups.find((x) => x.templateKey === g.key)!.name)];
  const index = order.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return index;
}

export async function setUpVelfaerd(driver: VelfaerdDriver): Promise<ShapeRun> {
  const run = await setUpShape(driver, VELFAERD);
  expect(run.groups.map((g) => g.name).sort()).toEqual(['Følgeforskningen', 'Følgegruppen', 'Koordinationsgruppen', 'Kommunestyregruppen', 'Netværk Aarhus', 'Netværk Svendborg'].sort());
  return run;
}

/** Plays the whole timeline with the people's part; see the file's comment. */
export async function playVelfaerd(driver: VelfaerdDriver, run: ShapeRun): Promise<VelfaerdLog> {
  const { core } = driver;
  const { programme } = run;
  const log: VelfaerdLog = { passes: 0, humanMessages: 0, actions: [], status: '', openActions: '', cancelled: '', moved: '' };
  const lastEnd = core.db.prepare('SELECT MAX(ends_at) FROM activities WHERE programme_id = ?').pluck().get(programme.id) as string;
  // A month after the last activity: the last status report's late days and the last evaluations close.
  const end = DateTime.fromISO(lastEnd).plus({ days: 30 }).toUTC().toISO()!;
  const group = (name: string) => run.groups.find((g) => g.name === name)!;
  const events: ScriptedEvent[] = [...humanMessages(driver, run, end, log), ...actionScript(driver, run, log)];
  events.push({
    at: utc('2027-12-01T12:00'),
    run: async () => {
      log.openActions = await driver.command('handlinger');
    },
  });
  // The first report (15 March 2027) is due five working days later; the consultant looks the day after.
  const firstReport = activity(core, programme.id, `statusrapport@${group('Koordinationsgruppen').id}~1`);
  const deadline = calendar.addWorkingDays(firstReport.localDate, 5);
  events.push({
    at: utc(`${calendar.addWorkingDays(deadline, 1)}T12:00`),
    run: async () => {
      log.status = await driver.command('status');
    },
  });
  // The consultant cancels April's research meeting, and moves the steering group's meetings from
  // November on a week later ("og følgende").
  events.push(
    {
      at: utc('2027-03-01T10:00'),
      run: async () => {
        log.cancelled = await driver.command(`aflys forskningsmoede ${CANCELLED.date}`);
      },
    },
    {
      at: utc('2027-06-01T10:00'),
      run: async () => {
        log.moved = await driver.command(`flyt styregruppemoede ${MOVED.from} ${MOVED.to} og følgende`);
      },
    },
  );
  events.sort((a, b) => a.at.localeCompare(b.at));

  const early = new Set<string>();
  let stalled = { at: '', times: 0 };
  for (;;) {
    const due = nextDue(core, programme.id);
    const event = events[0];
    const next = [due, event?.at].filter((d): d is string => d !== null && d !== undefined).sort()[0];
    if (next === undefined || next > end) break;
    const current = driver.now().toISOString();
    if (event && event.at === next) {
      events.shift();
      if (event.at > current) await driver.tick(new Date(event.at));
      log.passes += 1;
      await event.run();
      continue;
    }
    stalled = stalled.at === next ? { at: next, times: stalled.times + 1 } : { at: next, times: 0 };
    if (stalled.times > 100) throw new Error(`nothing handles what is due at ${next}`);
    // A pass a minute before a reminder sends nothing of it.
    const reminderDue = pendingReminder(core, programme.id);
    if (next === reminderDue && !early.has(next)) {
      early.add(next);
      const before = new Date(Date.parse(next) - 60_000).toISOString();
      if (before > current) {
        await pass(driver, new Date(before));
        log.passes += 1;
        const sentEarly = core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE ? AND status = 'sent'`).pluck().get(`reminder:${next}:%`) as number;
        expect({ at: before, sentEarly }).toEqual({ at: before, sentEarly: 0 });
      }
    }
    await pass(driver, new Date(next > current ? next : current));
    log.passes += 1;
  }
  expect(events.filter((e) => e.at <= end), 'every scripted event ran').toEqual([]);
  return log;
}

/** One scheduler pass; it posts on the platform exactly what the outbox marked sent. */
async function pass(driver: VelfaerdDriver, at: Date): Promise<void> {
  const sent = () => driver.core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND op = 'post'`).pluck().get() as number;
  const before = { posts: driver.postCount(), sent: sent() };
  await driver.tick(at);
  expect({ at: at.toISOString(), posts: driver.postCount() - before.posts }).toEqual({ at: at.toISOString(), posts: sent() - before.sent });
}

/** The earliest instant anything is due (src/store/due.ts asks the same tables whether anything is). */
function nextDue(core: Core, programmeId: string): string | null {
  const times = core.db
    .prepare(
      `SELECT (SELECT MIN(r.due_at) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = @p AND r.status = 'pending') AS reminder,
              (SELECT MIN(due_at) FROM evaluation_rounds WHERE programme_id = @p AND status = 'pending') AS opens,
              (SELECT MIN(closes_at) FROM evaluation_rounds WHERE programme_id = @p AND status = 'open') AS closes,
              (SELECT MIN(e.nudge_at) FROM evaluation_prompts e JOIN activities a ON a.id = e.activity_id WHERE a.programme_id = @p AND e.nudge_status = 'pending') AS nudge,
              (SELECT MIN(due_at) FROM action_asks WHERE programme_id = @p AND status = 'pending') AS ask,
              (SELECT MIN(remind_at) FROM meeting_actions WHERE programme_id = @p AND status = 'open' AND remind_at IS NOT NULL) AS action,
              (SELECT MIN(check_at) FROM group_watch WHERE programme_id = @p AND check_at IS NOT NULL) AS watch,
              (SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending') AS delivery`,
    )
    .get({ p: programmeId }) as Record<string, string | null>;
  return Object.values(times).filter((t): t is string => t !== null).sort()[0] ?? null;
}

function pendingReminder(core: Core, programmeId: string): string | null {
  return core.db
    .prepare(`SELECT MIN(r.due_at) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.status = 'pending'`)
    .pluck()
    .get(programmeId) as string | null;
}

/**
 * Every ten working days at 11:00 someone writes in each group's channel; in the quiet network only
 * until QUIET_FROM.
 */
function humanMessages(driver: VelfaerdDriver, run: ShapeRun, end: string, log: VelfaerdLog): ScriptedEvent[] {
  const events: ScriptedEvent[] = [];
  const members = driver.core.repos.members.listForProgramme(run.programme.id);
  for (const group of run.groups) {
    const writer = members.find((m) => m.partnershipId === group.id && m.userRef)!;
    const last = group.name === QUIET_GROUP ? QUIET_FROM : end.slice(0, 10);
    for (let day = VELFAERD.start; day <= last; day = calendar.addWorkingDays(day, 10)) {
      const at = utc(`${day}T11:00`);
      if (at > end) break;
      events.push({
        at,
        run: async () => {
          await driver.personWrites(writer, group.channelRef!, `Hej alle, her er en opdatering fra ${writer.displayName}.`);
          log.humanMessages += 1;
        },
      });
    }
  }
  return events;
}

/**
 * Three actions: one from the coordination group's first quarterly meeting (12 January 2027) to a
 * project owner, closed after both its reminders; one from Netværk Aarhus' first meeting (16
 * February) to an institution leader, and one from the research group's March meeting to a
 * researcher (given after April's was cancelled), each closed between its reminders.
 */
function actionScript(driver: VelfaerdDriver, run: ShapeRun, log: VelfaerdLog): ScriptedEvent[] {
  const { core } = driver;
  const given = (owner: { group: string; slot: number }, text: string, dueDate: string, meeting: { step: string; occurrence: number }, at: string, doneAt: string): ScriptedEvent[] => {
    const group = run.groups.find((g) => g.name === owner.group)!;
    const mention = driver.mention(groupIndex(run, owner.group), owner.slot);
    let action: GivenAction | undefined;
    return [
      {
        at: utc(at),
        run: async () => {
          const answer = await driver.command(`handling ${mention} "${text}" ${dueDate}`);
          const row = core.db.prepare('SELECT id, owner_member_id AS ownerId, activity_id AS activityId FROM meeting_actions WHERE text = ?').get(text) as { id: string; ownerId: string; activityId: string } | undefined;
          expect(row, `the action "${text}" was recorded: ${answer}`).toBeDefined();
          const owner = core.repos.members.get(row!.ownerId)!;
          expect({ text, ownerGroup: owner.partnershipId, meeting: core.repos.activities.get(row!.activityId)?.planKey }).toEqual({ text, ownerGroup: group.id, meeting: `${meeting.step}@${group.id}~${meeting.occurrence}` });
          expect(answer).toContain(`Handlingen «${text}» er givet til`);
          action = { id: row!.id, owner, dueDate, meeting: meeting.step };
          log.actions.push(action);
        },
      },
      {
        at: utc(doneAt),
        run: async () => {
          const ref = core.repos.deliveries.resultRef(`action:${action!.id}:assigned`);
          expect(ref, `the owner got "${text}"`).toBeTruthy();
          const answer = await driver.pressDone(action!.owner, ref!);
          action!.done = { at: utc(doneAt), answer };
        },
      },
    ];
  };
  return [
    ...given({ group: 'Koordinationsgruppen', slot: 0 }, 'Skriv udkast til indsatsteorien', '2027-01-26', { step: 'koordinationsmoede', occurrence: 1 }, '2027-01-13T10:00', '2027-01-27T12:00'),
    ...given({ group: 'Netværk Aarhus', slot: 0 }, 'Del netværkskontrakten med bestyrelserne', '2027-03-10', { step: 'netvaerksmoede', occurrence: 1 }, '2027-02-17T10:00', '2027-03-09T12:00'),
    // The day after the cancelled research meeting of 1 April: the action is from March's, the latest held.
    ...given({ group: 'Følgeforskningen', slot: 0 }, 'Send forskernotatet om netværksledelse', '2027-04-20', { step: 'forskningsmoede', occurrence: 3 }, '2027-04-02T10:00', '2027-04-16T12:00'),
  ];
}

function activity(core: Core, programmeId: string, planKey: string): StoredActivity {
  const found = core.repos.activities.listForProgramme(programmeId).find((a) => a.planKey === planKey);
  expect(found, planKey).toBeDefined();
  return found!;
}

interface Sent {
  key: string;
  target: { type: string; id: string };
  resultRef: string | null;
  finishedAt: string | null;
  status: string;
  payload: string;
}

export interface VelfaerdResult {
  occurrences: number;
  reminders: number;
  reportsAsked: number;
  actionMessages: number;
  /** Meetings whose owner was asked for the minutes' actions. */
  asks: number;
  quietNotices: number;
  humanMessages: number;
}

/** What the people got, checked after the timeline; see the file's comment. */
export function checkVelfaerd(driver: VelfaerdDriver, run: ShapeRun, log: VelfaerdLog): VelfaerdResult {
  const { core } = driver;
  const { programme, template } = run;
  const reminderTime = programme.settings.reminderTime ?? template.defaults.reminderTime;
  const activities = core.repos.activities.listForProgramme(programme.id);
  const members = core.repos.members.listForProgramme(programme.id);
  const groups = new Map(run.groups.map((g) => [g.id, g]));
  const stepOf = (a: StoredActivity): Step => template.steps.find((s) => s.key === a.stepKey)!;
  const deliveries = (core.db
    .prepare(`SELECT idempotency_key AS key, target, result_ref AS resultRef, finished_at AS finishedAt, status, payload FROM deliveries WHERE programme_id = ?`)
    .all(programme.id) as (Omit<Sent, 'target'> & { target: string })[]).map((d) => ({ ...d, target: JSON.parse(d.target) as Sent['target'] }));
  expect(deliveries.filter((d) => d.status !== 'sent').map((d) => `${d.key}: ${d.status}`), 'everything queued was sent').toEqual([]);
  const at = (d: Sent) => DateTime.fromISO(d.finishedAt!, { zone: ZONE });
  const inConversation = (d: Sent) => {
    const ref = d.target.type === 'programme' ? core.repos.programmes.get(d.target.id)?.channelRef : d.target.type === 'partnership' ? groups.get(d.target.id)?.channelRef : core.repos.members.get(d.target.id)?.dmRef;
    expect({ key: d.key, conversation: driver.conversationOf(d.resultRef!) }).toEqual({ key: d.key, conversation: driver.conversationFor(ref ?? `(none for ${d.target.id})`) });
  };

  // 1. Every occurrence of every series, in the seed's numbers, each reminded once per offset in its
  //    group's channel (the programme's for the whole partnership's seminars), on a working day at the
  //    reminder time, before it happens.
  const perStep = (key: string) => activities.filter((a) => a.stepKey === key);
  const networks = run.groups.filter((g) => g.groupType === 'netvaerk');
  expect({
    koordinationsmoede: perStep('koordinationsmoede').length,
    statusrapport: perStep('statusrapport').length,
    forskningsmoede: perStep('forskningsmoede').length,
    foelgegruppemoede: perStep('foelgegruppemoede').length,
    styregruppemoede: perStep('styregruppemoede').length,
    netvaerksmoede: perStep('netvaerksmoede').length,
  }).toEqual({ koordinationsmoede: 8, statusrapport: 8, forskningsmoede: 24, foelgegruppemoede: 4, styregruppemoede: 4, netvaerksmoede: 8 * networks.length });
  const reminders = core.db
    .prepare(
      `SELECT r.id, r.activity_id AS activityId, r.due_at AS dueAt, r.status, r.revision = a.revision AS current
       FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.purpose = 'reminder'`,
    )
    .all(programme.id) as { id: string; activityId: string; dueAt: string; status: string; current: number }[];
  // Reminders a move or a cancellation replaced were never sent.
  const replaced = reminders.filter((r) => !r.current);
  expect(replaced.filter((r) => r.status === 'queued' || deliveries.some((d) => d.key.includes(`:${r.id}:`))).map((r) => r.dueAt), 'replaced reminders sent').toEqual([]);
  let reminderCount = 0;
  const cancelled = activities.filter((a) => a.cancelled);
  expect(cancelled.map((a) => a.planKey)).toEqual([`${CANCELLED.step}@${run.groups.find((g) => g.templateKey === 'forskningsgruppen')!.id}~${CANCELLED.occurrence}`]);
  expect(log.cancelled).toContain('aflyst');
  const steering = perStep(MOVED.step).sort((a, b) => (a.occurrence ?? 0) - (b.occurrence ?? 0));
  expect(steering.map((a) => a.localDate)).toEqual(['2027-05-05', MOVED.to, calendar.addWorkingDays('2028-05-03', 5), calendar.addWorkingDays('2028-11-01', 5)]);
  for (const a of activities) {
    const step = stepOf(a);
    const offsets = a.cancelled ? [] : (step.reminders ?? template.defaults.reminders[step.kind] ?? []);
    const own = reminders.filter((r) => r.activityId === a.id && r.current && r.status !== 'cancelled');
    const what = a.planKey;
    expect({ what, reminders: own.length, unsent: own.filter((r) => r.status !== 'queued').length }).toEqual({ what, reminders: offsets.length, unsent: 0 });
    const channel = isProgrammeWide(step.audience) ? `programme:${programme.id}` : `partnership:${a.partnershipId}`;
    for (const r of own) {
      const got = deliveries.filter((d) => d.key.includes(`:${r.id}:`));
      expect({ what, due: r.dueAt, to: got.map((d) => `${d.target.type}:${d.target.id}`) }).toEqual({ what, due: r.dueAt, to: [channel] });
      const due = DateTime.fromISO(r.dueAt, { zone: ZONE });
      expect({ what, workingDay: calendar.isWorkingDay(due.toISODate()!), time: due.toFormat('HH:mm'), before: r.dueAt < a.startsAt }).toEqual({ what, workingDay: true, time: reminderTime, before: true });
      expect({ what, sent: at(got[0]!).toFormat('yyyy-MM-dd HH:mm') }).toEqual({ what, sent: due.toFormat('yyyy-MM-dd HH:mm') });
      inConversation(got[0]!);
      reminderCount += 1;
    }
  }

  // 2. Actions: given after the meeting, to the owner's direct conversation at once, reminded two
  //    working days before the due date and on the day, closed by Færdig (the message then without it).
  let actionMessages = 0;
  expect(log.actions).toHaveLength(3);
  for (const action of log.actions) {
    const keys = (suffix: string) => deliveries.filter((d) => d.key === `action:${action.id}:${suffix}`);
    const [assigned] = keys('assigned');
    expect({ action: action.id, assigned: assigned?.target }).toEqual({ action: action.id, assigned: { type: 'member', id: action.owner.id } });
    inConversation(assigned!);
    const reminderAt = [calendar.addWorkingDays(action.dueDate, -2), action.dueDate].map((d) => `${d} ${reminderTime}`);
    const doneAt = DateTime.fromISO(action.done!.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
    const expected = reminderAt.filter((r) => r < doneAt);
    const sentReminders = [keys('remind:0'), keys('remind:1')].flat();
    expect({ action: action.dueDate, reminders: sentReminders.map((d) => at(d).toFormat('yyyy-MM-dd HH:mm')) }).toEqual({ action: action.dueDate, reminders: expected });
    for (const d of sentReminders) {
      expect(d.target).toEqual({ type: 'member', id: action.owner.id });
      inConversation(d);
    }
    expect(action.done!.answer).toContain('er markeret som færdig');
    expect(core.db.prepare('SELECT status FROM meeting_actions WHERE id = ?').pluck().get(action.id)).toBe('done');
    // Færdig took the button off every message about it that reached the owner.
    const updates = deliveries.filter((d) => d.key.startsWith(`action:${action.id}:`) && d.key.endsWith(':closed'));
    expect(updates.length).toBe(1 + sentReminders.length);
    actionMessages += 1 + sentReminders.length;
  }
  expect(log.openActions).toContain('Ingen åbne handlinger');
  // After every meeting with `actions`, its owner (the step's role in the group, else the consultant)
  // was asked once for the minutes' actions, by direct message, that day or the next working day.
  let asks = 0;
  // A cancelled meeting was never held: nobody is asked for its actions.
  for (const a of cancelled) expect({ meeting: a.planKey, asked: deliveries.filter((d) => d.key === `action-ask:${a.id}`).length }).toEqual({ meeting: a.planKey, asked: 0 });
  for (const a of activities.filter((x) => stepOf(x).actions && !x.cancelled)) {
    const step = stepOf(a);
    const got = deliveries.filter((d) => d.key === `action-ask:${a.id}`);
    const owner = got.length === 1 ? members.find((m) => m.id === got[0]!.target.id) : undefined;
    const role = step.owner ?? 'consultant';
    expect({ meeting: a.planKey, asked: got.length, role: owner?.role, inGroup: owner && (role === 'consultant' || owner.partnershipId === a.partnershipId) }).toEqual({ meeting: a.planKey, asked: 1, role, inGroup: true });
    const day = at(got[0]!).toISODate()!;
    expect({ meeting: a.planKey, day: day === a.localDate || day === calendar.addWorkingDays(a.localDate, 1) }).toEqual({ meeting: a.planKey, day: true });
    inConversation(got[0]!);
    asks += 1;
  }

  // 3. Status reports: each quarter's report asked once of each project owner by direct message on
  //    its day; nobody sent the first, and `status` showed them late after its deadline.
  const owners = members.filter((m) => m.role === 'projektejer');
  expect(owners.length).toBeGreaterThan(0);
  let reportsAsked = 0;
  for (const report of perStep('statusrapport')) {
    const prompts = core.db.prepare('SELECT id, member_id AS memberId FROM evaluation_prompts WHERE activity_id = ?').all(report.id) as { id: string; memberId: string }[];
    expect({ report: report.planKey, asked: prompts.map((p) => p.memberId).sort() }).toEqual({ report: report.planKey, asked: owners.map((o) => o.id).sort() });
    for (const prompt of prompts) {
      const asked = deliveries.filter((d) => d.key.includes(prompt.id) && d.payload.includes('Statusrapport'));
      expect({ report: report.planKey, first: asked.length > 0 }).toEqual({ report: report.planKey, first: true });
      const first = asked.sort((a, b) => a.finishedAt!.localeCompare(b.finishedAt!))[0]!;
      expect({ report: report.planKey, day: at(first).toISODate() }).toEqual({ report: report.planKey, day: report.localDate });
      inConversation(first);
      reportsAsked += 1;
    }
  }
  expect(log.status).toContain('Statusrapporter');
  expect(log.status).toContain('Statusrapport til koordinationsgruppen · Koordinationsgruppen');
  // Bold as each platform writes it (*…* in Slack, **…** in a Teams card).
  expect(log.status).toContain(`Forsinket: ${owners.map((o) => o.displayName).join(', ')}`);
  for (const owner of owners) expect(log.status).toMatch(new RegExp(`${owner.displayName} – \\*{1,2}forsinket\\*{1,2} \\(frist `));

  // 4. The quiet network: one notice to the consultant, twenty working days after its last message,
  //    naming it; none for the groups people kept writing in, and no repeat.
  const consultants = members.filter((m) => m.role === 'consultant');
  const notices = deliveries.filter((d) => d.key.startsWith('watch:'));
  const quiet = run.groups.find((g) => g.name === QUIET_GROUP)!;
  expect(notices.map((d) => ({ group: groups.get(d.key.split(':')[1]!)?.name, to: d.target }))).toEqual(consultants.map((c) => ({ group: QUIET_GROUP, to: { type: 'member', id: c.id } })));
  const lastWrite = core.db.prepare('SELECT last_human_at FROM group_watch WHERE group_id = ?').pluck().get(quiet.id) as string;
  expect(DateTime.fromISO(lastWrite, { zone: ZONE }).toISODate()).toBe(calendar.addWorkingDays(VELFAERD.start, 10 * Math.floor(countWorkingDays(VELFAERD.start, QUIET_FROM) / 10)));
  const quietDay = calendar.addWorkingDays(DateTime.fromISO(lastWrite, { zone: ZONE }).toISODate()!, template.quiet!.workingDays);
  expect(at(notices[0]!).toISODate()).toBe(quietDay);
  expect(notices[0]!.payload).toContain(QUIET_GROUP);
  inConversation(notices[0]!);

  return {
    occurrences: activities.filter((a) => stepOf(a).repeat).length,
    reminders: reminderCount,
    reportsAsked,
    actionMessages,
    asks,
    quietNotices: notices.length,
    humanMessages: log.humanMessages,
  };
}

/** Working days from `from` (exclusive) to `to` (inclusive). */
function countWorkingDays(from: string, to: string): number {
  let n = 0;
  for (let day = from; day < to; day = calendar.addWorkingDays(day, 1)) n += 1;
  return n;
}

