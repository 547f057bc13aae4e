import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.ts';
import type { Organisation, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Logger } from '../logger.ts';
import { datePromptMessage } from '../messages/date-prompt.ts';
import { missedRemindersMessage } from '../messages/missed.ts';
import { placeMissing, placePromptMessage } from '../messages/place.ts';
import type { RichMessage } from '../messages/model.ts';
import { reminderMessage } from '../messages/reminder.ts';
import type { Dispatcher, DispatchStats } from '../outbox/dispatcher.ts';
import type { DeliveryRepository } from '../outbox/repository.ts';
import type { MemberRepository, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { DueReminder, ReminderRepository } from '../store/reminders.ts';
import { digest } from '../util/digest.ts';
import { ContextCache, programmeContext, type ProgrammeContext } from './context.ts';
import { purposeOf, reminderDeliveryKey, sortOut, sortOutPrompts } from './due-sorting.ts';
import { recipientsFor } from './recipients.ts';

export { reminderDeliveryKey } from './due-sorting.ts';

export interface SchedulerDeps {
  programmes: ProgrammeRepository;
  partnerships: PartnershipRepository;
  members: MemberRepository;
  reminders: ReminderRepository;
  deliveries: DeliveryRepository;
  /** With the programme's workspace: a consultant's uploaded template is found there. */
  /** The template a programme runs on (its snapshot; see TemplateRegistry.ofProgramme). */
  templates: { ofProgramme(programme: Programme): Template | undefined };
  /** Read only for homework reminders, which name the meeting they prepare. */
  activities?: { listForProgramme(programmeId: string): StoredActivity[] };
  /** Read only for reminders of pairings between organisations, which name who visits whom. */
  organisations?: { listForProgramme(programmeId: string): Organisation[] };
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  transaction: <T>(fn: () => T) => T;
  /** One query: is any reminder, delivery or gated pass's work due? (src/store/due.ts) Absent: always look. */
  anythingDue?: (now: Date) => boolean;
  /** How many due reminders one database transaction handles. */
  batchSize?: number;
  /** Told of every finished tick and how long it took (health and metrics, src/ops/ticks.ts). */
  onTick?: (seconds: number, at: Date) => void;
}

export interface TickResult {
  queued: number;
  missed: number;
  deliveries: number;
  dispatch: DispatchStats;
}

/**
 * Turns due reminders into deliveries. The database is the only source of truth for time: node-cron
 * merely ticks, and a tick after downtime catches up on everything that fell due meanwhile.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<TickResult> | null = null;
  private wakeUp: NodeJS.Timeout | null = null;
  private kickLater: NodeJS.Timeout | null = null;
  private lastPassAt = -Infinity;
  private elsewhere: (() => void) | null = null;
  private readonly passes: { name: string; pass: (now: Date) => number; gated: boolean }[] = [];
  /** Programmes' rows, groups and members from earlier ticks, while unchanged (see ContextCache). */
  private readonly contexts = new ContextCache();

  constructor(private readonly deps: SchedulerDeps) {}

  /** One pass: schedule what is due, then send what is due. Overlapping calls share one pass. */
  tick(): Promise<TickResult> {
    this.running ??= this.timedTick().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when the pass in flight, if any, has finished (for a clean shutdown). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * Ticks every minute until stop(), and in between wakes up when a delivery's retry time comes
   * (Retry-After, backoff, a channel just created) so those do not wait for the next minute.
   */
  start(): void {
    this.task = cron.schedule('* * * * *', () => this.pass());
    this.pass();
  }

  /**
   * Work was queued (a command, an event): runs a pass soon, or hands the kick to the thread that runs
   * the passes (runElsewhere).
   */
  kick(): void {
    if (this.elsewhere) {
      this.elsewhere();
      return;
    }
    this.pass();
  }

  /**
   * Runs a pass soon, then sleeps until the next due delivery. Passes start at most every
   * MIN_PASS_SPACING_MS: twenty commands a second each asking for a pass would otherwise re-read the
   * outbox twenty times a second on the thread that acks Slack.
   */
  private pass(): void {
    if (!this.task || this.kickLater) return;
    // Real elapsed time, not the injected clock: this spaces out CPU work, it does not schedule anything.
    const wait = this.lastPassAt + MIN_PASS_SPACING_MS - performance.now();
    if (wait > 0) {
      this.kickLater = setTimeout(() => {
        this.kickLater = null;
        this.pass();
      }, wait);
      this.kickLater.unref();
      return;
    }
    this.lastPassAt = performance.now();
    this.tick()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'tick failed'))
      .finally(() => this.sleepUntilNextDelivery());
  }

  /**
   * When another thread runs the passes over the same database (`tovholder start`'s outbox thread,
   * started on demand), kicks are handed to it, and this scheduler's own ticks (if started) only
   * watch: they run the ungated passes (housekeeping, the nightly backup) and call `kick` when
   * anything is due, so that thread need not run while nothing is. null runs everything here again.
   */
  runElsewhere(kick: (() => void) | null): void {
    this.elsewhere = kick;
  }

  /**
   * Whether nothing is due now and no delivery falls due within `ms` (a retry, a paced send): the
   * thread that runs the passes may stop (bin/outbox.ts); this scheduler's watch wakes it when needed.
   */
  idleFor(ms: number): boolean {
    const now = this.deps.clock.now();
    if (this.deps.anythingDue?.(now) ?? true) return false;
    const next = this.deps.deliveries.nextDueAt();
    return next === null || new Date(next).getTime() - now.getTime() >= ms;
  }

  stop(): void {
    this.task?.stop();
    this.task = null;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    if (this.kickLater) clearTimeout(this.kickLater);
    this.kickLater = null;
  }

  private sleepUntilNextDelivery(): void {
    if (!this.task) return;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    const next = this.deps.deliveries.nextDueAt();
    if (!next) return;
    const delay = new Date(next).getTime() - this.deps.clock.now().getTime();
    // The minute tick covers anything further away.
    if (delay >= 60_000) return;
    this.wakeUp = setTimeout(() => this.pass(), Math.max(delay, 50));
    this.wakeUp.unref();
  }

  /**
   * Adds a pass that runs on every tick before dispatch (e.g. evaluation prompts and nudges). A pass
   * reads what is due from the store and enqueues deliveries; it returns how many it enqueued.
   */
  addPass(name: string, pass: (now: Date) => number, options: { gated?: boolean } = {}): void {
    // Gated: its work is covered by `anythingDue` (evaluations), so an idle tick skips it. Others
    // (housekeeping, the nightly backup) keep their own cheap clock checks and run on every tick.
    this.passes.push({ name, pass, gated: options.gated ?? false });
  }

  private async timedTick(): Promise<TickResult> {
    const started = performance.now();
    const result = await this.runTick();
    this.deps.onTick?.((performance.now() - started) / 1000, this.deps.clock.now());
    return result;
  }

  private async runTick(): Promise<TickResult> {
    // Nearly every tick finds nothing due: one indexed query says so for reminders, the outbox and the
    // gated passes, instead of each asking (the idle tick against that bare query: bench/tick.bench.ts).
    const idle = this.deps.anythingDue !== undefined && !this.deps.anythingDue(this.deps.clock.now());
    if (idle || this.elsewhere) {
      this.runPasses(false);
      // Watching for the thread that runs the passes: it is woken (started) only when there is work.
      if (!idle) this.elsewhere?.();
      return { queued: 0, missed: 0, deliveries: 0, dispatch: { sent: 0, deferred: 0, retried: 0, failed: 0, reconciled: 0 } };
    }
    const scheduled = this.scheduleDue();
    scheduled.deliveries += this.runPasses(true);
    const dispatch = await this.deps.dispatcher.runOnce();
    return { ...scheduled, dispatch };
  }

  /** Runs the passes (only the ungated ones when nothing is due); returns the deliveries they enqueued. */
  private runPasses(includeGated: boolean): number {
    let deliveries = 0;
    for (const { name, pass, gated } of this.passes) {
      if (gated && !includeGated) continue;
      try {
        deliveries += pass(this.deps.clock.now());
      } catch (error) {
        // One failing pass must not stop reminders or the outbox.
        this.deps.logger.error({ err: error, pass: name }, 'scheduler pass failed');
      }
    }
    return deliveries;
  }

  /** Moves every due reminder to the outbox (or to "missed"), in batches of one transaction each. */
  scheduleDue(): Omit<TickResult, 'dispatch'> {
    const { reminders, clock, transaction } = this.deps;
    const batchSize = this.deps.batchSize ?? 1_000;
    const totals = { queued: 0, missed: 0, deliveries: 0 };
    const cache = new Map<string, ProgrammeContext>();
    for (;;) {
      const now = clock.now();
      const due = reminders.due(now, batchSize);
      if (due.length === 0) break;
      transaction(() => this.handleBatch(due, now, cache, totals));
      if (due.length < batchSize) break;
    }
    return totals;
  }

  private handleBatch(due: DueReminder[], now: Date, cache: Map<string, ProgrammeContext>, totals: Omit<TickResult, 'dispatch'>): void {
    const nowIso = now.toISOString();
    const prompts = sortOutPrompts(due.filter((r) => purposeOf(r) === 'date_prompt'), now);
    const sorted = sortOut(due.filter((r) => purposeOf(r) !== 'date_prompt'), nowIso);
    const { begun } = sorted;
    const superseded = [...sorted.superseded, ...prompts.stale];
    const toSend = [...sorted.toSend, ...prompts.toSend];
    const { reminders } = this.deps;
    // Mark first: `due` was read outside this transaction, and a move or another scheduler may have
    // handled a reminder since. Only what this mark changes is sent or reported.
    reminders.markMany(superseded, 'cancelled', now);
    const missed = reminders.markMany(begun, 'missed', now);
    const queued = reminders.markMany(toSend, 'queued', now);
    for (const reminder of toSend) {
      if (!queued.has(reminder.id)) continue;
      totals.queued += 1;
      const late = now.getTime() - Date.parse(reminder.dueAt) > LATE_AFTER_MS;
      totals.deliveries += this.enqueueReminder(reminder, programmeContext(this.deps, reminder.activity.programmeId, cache, this.contexts), now, late);
    }
    const missedByProgramme = new Map<string, DueReminder[]>();
    for (const reminder of begun.filter((r) => missed.has(r.id))) {
      const id = reminder.activity.programmeId;
      missedByProgramme.set(id, [...(missedByProgramme.get(id) ?? []), reminder]);
      totals.missed += 1;
    }
    for (const [programmeId, list] of missedByProgramme) this.reportMissed(programmeContext(this.deps, programmeId, cache, this.contexts), list, now);
  }

  private enqueueReminder(reminder: DueReminder, ctx: ProgrammeContext, now: Date, late: boolean): number {
    const step = ctx.template?.steps.find((s) => s.key === reminder.activity.stepKey);
    if (!step) {
      this.deps.logger.warn({ reminder: reminder.id, step: reminder.activity.stepKey }, 'reminder for a step the template no longer has');
      return 0;
    }
    if (purposeOf(reminder) === 'date_prompt') return this.askForDate(reminder, step, ctx, now);
    const { activity } = reminder;
    const prepares = this.preparedMeeting(activity, step, ctx);
    const organisation = activity.pairedOrganisationIds.length > 0 ? (id: string) => this.organisationsOf(ctx).get(id) : undefined;
    // The two channels of an exchange day read it from their side (host or visitor): render once per
    // language and side.
    const messages = new Map<string, RichMessage>();
    const messageIn = (locale: Locale, viewpoint: string | null): RichMessage => {
      let message = messages.get(`${locale}|${viewpoint}`);
      if (!message) {
        message = reminderMessage({
          programme: ctx.programme,
          activity,
          step,
          partnership: activity.partnershipId ? (ctx.partnerships.get(activity.partnershipId) ?? null) : null,
          paired: activity.pairedPartnershipId ? (ctx.partnerships.get(activity.pairedPartnershipId) ?? null) : null,
          // A late reminder (after downtime) does not claim "in 5 working days"; the date says when.
          offsetDays: late ? null : reminder.offsetDays,
          locale,
          viewpoint,
          ...(ctx.template ? { template: ctx.template } : {}),
          prepares,
          ...(organisation ? { organisation } : {}),
        });
        messages.set(`${locale}|${viewpoint}`, message);
      }
      return message;
    };
    let count = placeMissing(activity) ? this.askForPlace(reminder, ctx, now) : 0;
    for (const recipient of recipientsFor(activity, ctx.programme, ctx.members, { ...(ctx.template ? { template: ctx.template } : {}) })) {
      const message = messageIn(recipient.locale, recipient.target.type === 'partnership' ? (recipient.target.id ?? null) : null);
      const key = reminderDeliveryKey(reminder, recipient.key);
      const added = this.deps.deliveries.enqueue(
        {
          idempotencyKey: key,
          platform: ctx.programme.platform,
          workspaceId: ctx.programme.workspaceId,
          programmeId: ctx.programme.id,
          target: recipient.target,
          payload: { op: 'post', message },
        },
        now,
      );
      if (!added) continue;
      count += 1;
      // The first line of a reminder's trail in the log; the outbox's lines carry the same key.
      this.deps.logger.info({ delivery: key, reminder: reminder.id }, 'reminder queued');
    }
    return count;
  }

  /**
   * A window step's date prompt goes to whoever sets its date (`setBy` in the group, else the
   * consultants) instead of a reminder to the participants.
   */
  private askForDate(reminder: DueReminder, step: Template['steps'][number], ctx: ProgrammeContext, now: Date): number {
    const { activity } = reminder;
    const group = activity.partnershipId ? (ctx.partnerships.get(activity.partnershipId) ?? null) : null;
    const messages = new Map<Locale, RichMessage>();
    let count = 0;
    for (const recipient of recipientsFor(activity, ctx.programme, ctx.members, { ...(ctx.template ? { template: ctx.template } : {}), purpose: 'date_prompt' })) {
      let message = messages.get(recipient.locale);
      if (!message) messages.set(recipient.locale, (message = datePromptMessage({ programme: ctx.programme, step, activity, group, locale: recipient.locale })));
      const key = reminderDeliveryKey(reminder, recipient.key);
      const delivery = { programmeId: ctx.programme.id, target: recipient.target, payload: { op: 'post' as const, message } };
      if (!this.deps.deliveries.enqueue({ idempotencyKey: key, platform: ctx.programme.platform, workspaceId: ctx.programme.workspaceId, ...delivery }, now)) continue;
      count += 1;
      this.deps.logger.info({ delivery: key, reminder: reminder.id }, 'date prompt queued');
    }
    return count;
  }

  /** For homework placed before a meeting ("inden temamøde 3"): that meeting's title and time. */
  private preparedMeeting(activity: StoredActivity, step: Template['steps'][number], ctx: ProgrammeContext): ReminderContextPrepares {
    const placement = step.placement;
    if (step.kind !== 'homework' || !('workingDays' in placement) || placement.workingDays >= 0 || !this.deps.activities) return null;
    const meeting = ctx.template?.steps.find((s) => s.key === placement.from);
    if (!meeting) return null;
    ctx.activities ??= this.deps.activities.listForProgramme(ctx.programme.id);
    const candidates = ctx.activities.filter((a) => a.stepKey === meeting.key);
    const found = candidates.find((a) => a.partnershipId === activity.partnershipId) ?? candidates.find((a) => a.partnershipId === null);
    return found ? { title: meeting.title, startsAt: found.startsAt } : null;
  }

  private organisationsOf(ctx: ProgrammeContext): Map<string, Organisation> {
    ctx.organisations ??= new Map((this.deps.organisations?.listForProgramme(ctx.programme.id) ?? []).map((o) => [o.id, o]));
    return ctx.organisations;
  }

  /** The consultants are asked for a workshop's missing place, once per date of the workshop. */
  private askForPlace(reminder: DueReminder, ctx: ProgrammeContext, now: Date): number {
    let count = 0;
    for (const consultant of ctx.members.consultants()) {
      const key = `place:${reminder.activity.id}:r${reminder.activity.revision}:${consultant.id}`;
      // Every later reminder of the workshop comes here again: the prompt went out with the first one.
      if (this.deps.deliveries.exists(key)) continue;
      const message = placePromptMessage(ctx.programme, ctx.template, reminder.activity, consultant.locale ?? ctx.programme.locale);
      const delivery = { programmeId: ctx.programme.id, target: { type: 'member' as const, id: consultant.id }, payload: { op: 'post' as const, message } };
      if (this.deps.deliveries.enqueue({ idempotencyKey: key, platform: ctx.programme.platform, workspaceId: ctx.programme.workspaceId, ...delivery }, now)) count += 1;
    }
    return count;
  }

  private reportMissed(ctx: ProgrammeContext, missed: DueReminder[], now: Date): void {
    const consultants = ctx.members.consultants();
    for (const consultant of consultants) {
      const locale = consultant.locale ?? ctx.programme.locale;
      this.deps.deliveries.enqueue(
        {
          idempotencyKey: `missed:${digest(missed.map((r) => r.id))}:${consultant.id}`,
          platform: ctx.programme.platform,
          workspaceId: ctx.programme.workspaceId,
          programmeId: ctx.programme.id,
          target: { type: 'member', id: consultant.id },
          payload: { op: 'post', message: missedRemindersMessage(ctx.programme, ctx.template, missed, ctx.partnerships, locale) },
        },
        now,
      );
    }
    this.deps.logger.warn({ programme: ctx.programme.id, missed: missed.length }, 'reminders missed while the bot was down');
  }

}

/** Kicked passes (after commands, at retry times) start at most this often. */
const MIN_PASS_SPACING_MS = 250;

/** A reminder sent more than this after its time no longer says how many days are left. */
const LATE_AFTER_MS = 60 * 60_000;

type ReminderContextPrepares = { title: Template['steps'][number]['title']; startsAt: string } | null;
