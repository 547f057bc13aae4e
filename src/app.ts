import { hostname } from 'node:os';
import { anythingDueQuery } from './store/due.ts';
import type { Clock } from './clock.ts';
import type { Template } from './domain/template.ts';
import type { Logger } from './logger.ts';
import type { Locale } from './domain/text.ts';
import type { CommandContext, CommandReply, InboundMessage } from './commands/types.ts';
import { registerEvaluations } from './evaluations/index.ts';
import { registerActions } from './actions/index.ts';
import { registerWatch, type ActivityWatch } from './watch/index.ts';
import { defaultDispatcherOptions, Dispatcher, type DispatcherOptions } from './outbox/dispatcher.ts';
import { defaultPaceRules } from './outbox/limits.ts';
import { Pacer, type PaceRule } from './outbox/pacer.ts';
import { DeliveryRepository } from './outbox/repository.ts';
import { StoreTargetResolver } from './outbox/resolver.ts';
import type { ChatPlatform } from './platform/port.ts';
import { ProgrammeService } from './programmes/service.ts';
import { forgetOldInboundEvents } from './scheduler/housekeeping.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { ActivityRepository } from './store/activities.ts';
import { handleAction, handleCommand } from './commands/router.ts';
import { inProcessRunner, startCommandThread, type CommandRunner } from './commands/thread/runner.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { openDatabase, type Db } from './store/db.ts';
import { DatabaseOutcomeCounter } from './ops/deliveries.ts';
import { ensureOpsSchema } from './ops/store.ts';
import { tickRecorder } from './ops/ticks.ts';
import { nightlyBackupPass, type NightlySettings } from './ops/nightly.ts';
import { MemberRepository, PartnershipRepository, ProgrammeRepository } from './store/programmes.ts';
import { OrganisationRepository } from './store/organisations.ts';
import { ReminderRepository } from './store/reminders.ts';
import { TemplateRegistry } from './templates/registry.ts';
import { TemplateStore } from './store/templates.ts';

export interface CoreOptions {
  dbPath: string;
  clock: Clock;
  logger: Logger;
  platforms: ChatPlatform[];
  workerId?: string;
  paceRules?: PaceRule[];
  dispatcher?: Partial<Omit<DispatcherOptions, 'workerId'>>;
  templates?: Template[];
  /** Time zone and language of new programmes, and who may create them (TOVHOLDER_CREATORS). */
  defaults?: CoreDefaults;
  /** Checkpoint the WAL on a worker thread, not in the commits of the tick (for long-running processes). */
  backgroundCheckpoints?: boolean;
  /**
   * Run commands and button clicks (core.commands) on their own thread, so they never delay an ack.
   * Needs a database file, and a clock that keeps a fixed distance from the system clock (the thread
   * has its own connection and its own clock at that distance).
   */
  commandThread?: boolean;
  /** Take a verified backup every night on the tick (src/ops/nightly.ts). */
  nightlyBackup?: NightlySettings;
  /**
   * false: this core's ticks leave housekeeping and the nightly backup to another (the outbox thread
   * of `tovholder start`, which runs only while there is work, leaves them to the main thread's).
   */
  housekeeping?: boolean;
}

export interface CoreDefaults {
  timezone: string;
  locale: Locale;
  /** User ids or e-mail addresses that may create programmes (see src/commands/creators.ts). */
  creators?: readonly string[];
}

export interface Repositories {
  programmes: ProgrammeRepository;
  partnerships: PartnershipRepository;
  members: MemberRepository;
  organisations: OrganisationRepository;
  activities: ActivityRepository;
  reminders: ReminderRepository;
  deliveries: DeliveryRepository;
}

/** The platform-free core, wired. Adapters are handed in as ChatPlatform ports by the caller. */
export interface Core {
  db: Db;
  repos: Repositories;
  templates: TemplateRegistry;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  programmes: ProgrammeService;
  clock: Clock;
  logger: Logger;
  platforms: ReadonlyMap<string, ChatPlatform>;
  defaults: CoreDefaults;
  transaction: <T>(fn: () => T) => T;
  /** Parts that answer plain messages (evaluation replies); the first that answers wins. */
  inbound: InboundAnswerers;
  /** People's messages in group channels, as the adapters report them (the watch on quiet groups). */
  activity: ActivityWatch;
  /** Runs commands and button clicks, on the command thread if there is one. */
  commands: CommandRunner;
  close(): void;
}

export type Answerer = (message: InboundMessage, ctx: CommandContext, locale: Locale) => Promise<CommandReply | null>;

export class InboundAnswerers {
  private readonly answerers: Answerer[] = [];

  register(answerer: Answerer): void {
    this.answerers.push(answerer);
  }

  async answer(message: InboundMessage, ctx: CommandContext, locale: Locale): Promise<CommandReply | null> {
    for (const answerer of this.answerers) {
      const reply = await answerer(message, ctx, locale);
      if (reply) return reply;
    }
    return null;
  }
}

export function createCore(options: CoreOptions): Core {
  const { clock, logger } = options;
  const db = openDatabase(options.dbPath, clock);
  ensureOpsSchema(db);
  const checkpointer = options.backgroundCheckpoints ? startCheckpointer(db, logger) : null;
  // IMMEDIATE: take the write lock up front so concurrent processes queue instead of failing mid-way.
  const transaction = <T>(fn: () => T): T => db.transaction(fn).immediate();
  const repos: Repositories = {
    programmes: new ProgrammeRepository(db),
    partnerships: new PartnershipRepository(db),
    members: new MemberRepository(db),
    organisations: new OrganisationRepository(db),
    activities: new ActivityRepository(db),
    reminders: new ReminderRepository(db),
    deliveries: new DeliveryRepository(db),
  };
  // Consultants' uploads live in the database, so this registry and the command thread's agree.
  const templates = new TemplateRegistry(options.templates, new TemplateStore(db));
  const platforms = new Map(options.platforms.map((p) => [p.name, p]));
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const dispatcher = new Dispatcher({
    deliveries: repos.deliveries,
    resolver: new StoreTargetResolver(repos),
    platforms,
    pacer: new Pacer(options.paceRules ?? defaultPaceRules),
    clock,
    logger: logger.child({ part: 'outbox' }),
    transaction,
    options: { ...defaultDispatcherOptions, ...options.dispatcher, workerId },
    counter: new DatabaseOutcomeCounter(db),
  });
  const schedulerLogger = logger.child({ part: 'scheduler' });
  const onTick = tickRecorder(db, schedulerLogger);
  const scheduler = new Scheduler({ ...repos, templates, dispatcher, clock, logger: schedulerLogger, transaction, onTick, anythingDue: anythingDueQuery(db) });
  const programmes = new ProgrammeService({ repos, templates, clock, transaction });
  const core: Core = {
    db, repos, templates, dispatcher, scheduler, programmes, clock, logger, platforms, transaction,
    defaults: options.defaults ?? { timezone: 'Europe/Copenhagen', locale: 'da' },
    inbound: new InboundAnswerers(),
    activity: { noteHumanMessage: () => false },
    commands: inProcessRunner((job, ctx) => (job.kind === 'command' ? handleCommand(core, job.text, ctx) : handleAction(core, job.action, ctx))),
    close: () => {
      scheduler.stop();
      void core.commands.close();
      void checkpointer?.stop();
      db.close();
    },
  };
  registerEvaluations(core);
  registerActions(core);
  core.activity = registerWatch(core);
  if (options.housekeeping !== false) scheduler.addPass('forget old inbound events', forgetOldInboundEvents(db));
  if (options.housekeeping !== false && options.nightlyBackup && !db.memory) scheduler.addPass('nightly backup', nightlyBackupPass(db, options.nightlyBackup, logger.child({ part: 'backup' })).pass);
  if (options.commandThread && !db.memory) {
    core.commands = startCommandThread({
      settings: { dbPath: db.name, logLevel: logger.level, workerId: `${workerId}:commands`, defaults: core.defaults, templates: options.templates, clockOffsetMs: clock.now().getTime() - Date.now() },
      platforms,
      logger,
      fallback: core.commands,
    });
  }
  return core;
}
