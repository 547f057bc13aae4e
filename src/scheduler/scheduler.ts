import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.ts';
import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Logger } from '../logger.ts';
import { missedRemindersMessage } from '../messages/missed.ts';
import { placeMissing, placePromptMessage } from '../messages/place.ts';
import type { RichMessage } from '../messages/model.ts';
import { reminderMessage } from '../messages/reminder.ts';
import type { Dispatcher, DispatchStats } from '../outbox/dispatcher.ts';
import type { DeliveryRepository } from '../outbox/repository.ts';
import type { MemberRepository, MemberWithDm, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';
import type { DueReminder, ReminderRepository } from '../store/reminders.ts';
import { digest } from '../util/digest.ts';
import { recipientsFor, type RecipientMembers } from './recipients.ts';

export interface SchedulerDeps {
  programmes: ProgrammeRepository;
  partnerships: PartnershipRepository;
  members: MemberRepository;
  reminders: ReminderRepository;
  deliveries: DeliveryRepository;
  /** With the programme's workspace: a consultant's uploaded template is found there. */
  templates: { get(id: string, scope?: { platform: string; workspaceId: string }): Template | undefined };
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  transaction: <T>(fn: () => T) => T;
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

/** Per-tick cache, so 1,000 due reminders in one programme read the programme once. */
interface ProgrammeContext {
  programme: Programme;
  template: Template | undefined;
  partnerships: Map<string, Partnership>;
  /** Read on first use, and only the few members reminders go to directly (not the whole list). */
  members: RecipientMembers;
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
  private readonly passes: { name: string; pass: (now: Date) => number }[] = [];

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
    this.task = cron.schedule('* * * * *', () => this.kick());
    this.kick();
  }

  /**
   * Runs a pass soon (e.g. after a command enqueued work), then sleeps until the next due delivery.
   * Passes start at most every MIN_PASS_SPACING_MS: twenty commands a second each asking for a pass
   * would otherwise re-read the outbox twenty times a second on the thread that acks Slack.
   */
  kick(): void {
    if (this.elsewhere) {
      this.elsewhere();
      return;
    }
    if (!this.task || this.kickLater) return;
    // Real elapsed time, not the injected clock: this spaces out CPU work, it does not schedule anything.
    const wait = this.lastPassAt + MIN_PASS_SPACING_MS - performance.now();
    if (wait > 0) {
      this.kickLater = setTimeout(() => {
        this.kickLater = null;
        this.kick();
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
   * When another thread runs the passes over the same database (`tovholder start`'s outbox thread),
   * kicks are handed to it; null runs them here again (after start()).
   */
  runElsewhere(kick: (() => void) | null): void {
    this.elsewhere = kick;
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
    this.wakeUp = setTimeout(() => this.kick(), Math.max(delay, 50));
    this.wakeUp.unref();
  }

  /**
   * Adds a pass that runs on every tick before dispatch (e.g. evaluation prompts and nudges). A pass
   * reads what is due from the store and enqueues deliveries; it returns how many it enqueued.
   */
  addPass(name: string, pass: (now: Date) => number): void {
    this.passes.push({ name, pass });
  }

  private async timedTick(): Promise<TickResult> {
    const started = performance.now();
    const result = await this.runTick();
    this.deps.onTick?.((performance.now() - started) / 1000, this.deps.clock.now());
    return result;
  }

  private async runTick(): Promise<TickResult> {
    const scheduled = this.scheduleDue();
    for (const { name, pass } of this.passes) {
      try {
        scheduled.deliveries += pass(this.deps.clock.now());
      } catch (error) {
        // One failing pass must not stop reminders or the outbox.
        this.deps.logger.error({ err: error, pass: name }, 'scheduler pass failed');
      }
    }
    const dispatch = await this.deps.dispatcher.runOnce();
    return { ...scheduled, dispatch };
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
    const { begun, superseded, toSend } = sortOut(due, nowIso);
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
      totals.deliveries += this.enqueueReminder(reminder, this.context(reminder.activity.programmeId, cache), now, late);
    }
    const missedByProgramme = new Map<string, DueReminder[]>();
    for (const reminder of begun.filter((r) => missed.has(r.id))) {
      const id = reminder.activity.programmeId;
      missedByProgramme.set(id, [...(missedByProgramme.get(id) ?? []), reminder]);
      totals.missed += 1;
    }
    for (const [programmeId, list] of missedByProgramme) this.reportMissed(this.context(programmeId, cache), list, now);
  }

  private enqueueReminder(reminder: DueReminder, ctx: ProgrammeContext, now: Date, late: boolean): number {
    const step = ctx.template?.steps.find((s) => s.key === reminder.activity.stepKey);
    if (!step) {
      this.deps.logger.warn({ reminder: reminder.id, step: reminder.activity.stepKey }, 'reminder for a step the template no longer has');
      return 0;
    }
    const { activity } = reminder;
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
        });
        messages.set(`${locale}|${viewpoint}`, message);
      }
      return message;
    };
    let count = placeMissing(activity) ? this.askForPlace(reminder, ctx, now) : 0;
    for (const recipient of recipientsFor(activity, ctx.programme, ctx.members)) {
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

  /** The consultants are asked for a workshop's missing place, once per date of the workshop. */
  private askForPlace(reminder: DueReminder, ctx: ProgrammeContext, now: Date): number {
    let count = 0;
    for (const consultant of ctx.members.consultants()) {
      const message = placePromptMessage(ctx.programme, ctx.template, reminder.activity, consultant.locale ?? ctx.programme.locale);
      const delivery = { programmeId: ctx.programme.id, target: { type: 'member' as const, id: consultant.id }, payload: { op: 'post' as const, message } };
      const key = `place:${reminder.activity.id}:r${reminder.activity.revision}:${consultant.id}`;
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

  private context(programmeId: string, cache: Map<string, ProgrammeContext>): ProgrammeContext {
    let ctx = cache.get(programmeId);
    if (!ctx) {
      const programme = this.deps.programmes.get(programmeId)!;
      ctx = {
        programme,
        template: this.deps.templates.get(programme.templateId, programme),
        partnerships: new Map(this.deps.partnerships.listForProgramme(programmeId).map((p) => [p.id, p])),
        members: this.membersOf(programmeId),
      };
      cache.set(programmeId, ctx);
    }
    return ctx;
  }

  /** Members by role, each list read once per tick. */
  private membersOf(programmeId: string): RecipientMembers {
    const { members } = this.deps;
    let consultants: MemberWithDm[] | undefined;
    const staff = new Map<string, MemberWithDm[]>();
    return {
      consultants: () => (consultants ??= members.withRole(programmeId, 'consultant')),
      cultureStaff: (partnershipId) => {
        let list = staff.get(partnershipId);
        if (!list) staff.set(partnershipId, (list = members.withRoleInPartnership(programmeId, partnershipId, 'culture_staff')));
        return list;
      },
    };
  }
}

/**
 * The due time leads, so the keys a tick inserts sit together at the end of the outbox's unique index
 * instead of on ~1,000 random pages (reminder ids begin with a programme's random id).
 */
export function reminderDeliveryKey(reminder: { id: string; dueAt: string }, recipientKey: string): string {
  return `reminder:${reminder.dueAt}:${reminder.id}:${recipientKey}`;
}

/** Kicked passes (after commands, at retry times) start at most this often. */
const MIN_PASS_SPACING_MS = 250;

/** A reminder sent more than this after its time no longer says how many days are left. */
const LATE_AFTER_MS = 60 * 60_000;

/**
 * Splits due reminders: those whose activity has begun (missed), those superseded by a later reminder
 * for the same activity in the same batch (after downtime, only the nearest one is worth sending), and
 * the rest, to send.
 */
function sortOut(due: DueReminder[], nowIso: string): { begun: DueReminder[]; superseded: DueReminder[]; toSend: DueReminder[] } {
  const begun = due.filter((r) => r.activity.startsAt <= nowIso);
  const upcoming = due.filter((r) => r.activity.startsAt > nowIso);
  const nearest = new Map<string, DueReminder>();
  for (const r of upcoming) {
    const current = nearest.get(r.activity.id);
    if (!current || r.dueAt > current.dueAt) nearest.set(r.activity.id, r);
  }
  const toSend = upcoming.filter((r) => nearest.get(r.activity.id) === r);
  return { begun, superseded: upcoming.filter((r) => nearest.get(r.activity.id) !== r), toSend };
}
