import { DateTime } from 'luxon';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleAction, handleCommand, handleInboundMessage } from '../../src/commands/router.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import type { Answer, Prompt } from '../../src/evaluations/repository.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Button } from '../../src/messages/model.ts';
import type { UploadRequest } from '../../src/platform/port.ts';
import { FakePlatform, type SentMessage } from '../support/fake-platform.ts';

export const ZONE = 'Europe/Copenhagen';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The fake platform plus file sharing, which the in-memory fake does not offer by itself. */
export class UploadingFakePlatform extends FakePlatform {
  readonly uploads: UploadRequest[] = [];

  async uploadFile(request: UploadRequest): Promise<{ fileRef: string }> {
    this.uploads.push(request);
    return { fileRef: `F${this.uploads.length}` };
  }
}

export interface World {
  core: Core;
  clock: ManualClock;
  fake: FakePlatform;
  programme: Programme;
  /** The staff, in the order they were added: [culture, daycare] per partnership. */
  people: Person[];
}

export interface Person {
  userRef: string;
  name: string;
  partnership: string;
}

export const PARTNERSHIPS = [
  ['Havet', 'Nordsøen Oceanarium', 'Børnehaven Bjørnen'],
  ['Herregården', 'Herregården Odden', 'Børnehaven Mælkebøtten'],
  ['Kornet', 'Kornets Hus', 'Børnehuset Spiren'],
  ['Teatret', 'Vendsyssel Teater', 'Børnehaven Solsikken'],
] as const;

/** Culture, daycare, culture, daycare, ... */
const NAMES = ['Anna', 'Bo', 'Cille', 'Dan', 'Eva', 'Finn', 'Gitte', 'Hans'];

export const consultant: CommandContext = { platform: 'slack', workspaceId: 'T1', userRef: 'U0', userName: 'Karin Konsulent', channelRef: 'D-U0' };

export function ctxOf(person: Person): CommandContext {
  return { platform: 'slack', workspaceId: 'T1', userRef: person.userRef, userName: person.name, channelRef: `D-${person.userRef}` };
}

/**
 * A programme of four partnerships (one culture and one daycare member each), created through the
 * consultant's commands the day after the kick-off workshop, so the first evaluation is the curiosity visit.
 */
export async function fourPartnerships(options: { fake?: FakePlatform; dbPath?: string } = {}): Promise<World> {
  const clock = new ManualClock('2027-01-08T08:00:00Z');
  const fake = options.fake ?? new UploadingFakePlatform('slack');
  const core = createCore({ dbPath: options.dbPath ?? ':memory:', clock, logger: silentLogger(), platforms: [fake], workerId: 'w1' });
  await handleCommand(core, 'opret "Små Partnerskaber 2027" 2027-01-07', consultant);
  const people: Person[] = [];
  for (const [i, [name, culture, daycare]] of PARTNERSHIPS.entries()) {
    const c = { userRef: `UC${i + 1}`, name: NAMES[2 * i]!, partnership: name };
    const d = { userRef: `UD${i + 1}`, name: NAMES[2 * i + 1]!, partnership: name };
    const reply = await handleCommand(core, `partnerskab "${name}" "${culture}" "${daycare}" <@${c.userRef}|${c.name}>=kultur <@${d.userRef}|${d.name}>=dagtilbud`, consultant);
    if (reply.type !== 'message' || !/tilføjet/.test(reply.message.text)) throw new Error(`setup failed: ${JSON.stringify(reply)}`);
    people.push(c, d);
  }
  await core.scheduler.tick();
  const programme = core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  return { core, clock, fake, programme, people };
}

/** When the activities of a step end (they must end together in this programme). */
export function endOf(w: World, stepKey: string): Date {
  const ends = new Set(w.core.repos.activities.listForProgramme(w.programme.id).filter((a) => a.stepKey === stepKey).map((a) => a.endsAt));
  if (ends.size !== 1) throw new Error(`${stepKey} ends at ${[...ends].join(', ')}`);
  return new Date([...ends][0]!);
}

export async function tickAt(w: World, instant: Date | string): Promise<void> {
  w.clock.set(instant);
  await w.core.scheduler.tick();
}

/** Ticks every `stepMs` up to and including `until`. */
export async function tickUntil(w: World, until: Date, stepMs = 30 * MINUTE): Promise<void> {
  while (w.clock.now().getTime() + stepMs <= until.getTime()) {
    w.clock.advance(stepMs);
    await w.core.scheduler.tick();
  }
}

export function promptOf(w: World, person: Person, stepKey: string): Prompt {
  const service = evaluationService(w.core);
  const prompt = service.store
    .promptsOfUser('slack', 'T1', person.userRef)
    .find((p) => service.store.round(p.activityId)?.stepKey === stepKey);
  if (!prompt) throw new Error(`${person.name} was not asked about ${stepKey}`);
  return prompt;
}

export function answersOf(w: World, prompt: Prompt): Answer[] {
  return evaluationService(w.core).store.answers(prompt.id);
}

/** The message a delivery key put on the platform. */
export function sentByKey(w: World, key: string): SentMessage {
  const found = w.fake.sent.filter((m) => m.idempotencyKey === key);
  if (found.length !== 1) throw new Error(`${found.length} messages for ${key}`);
  return found[0]!;
}

export function buttonsOf(message: SentMessage): Button[] {
  return message.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

export async function press(w: World, person: Person, message: SentMessage, label: string): Promise<CommandReply> {
  const button = buttonsOf(message).find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}"`);
  return handleAction(w.core, { actionId: button.actionId, value: button.value }, ctxOf(person));
}

export async function write(w: World, person: Person, text: string, threadRef: string | null = null): Promise<CommandReply | null> {
  return handleInboundMessage(w.core, { text, threadRef, direct: true }, ctxOf(person));
}

export function local(instant: Date | string): DateTime {
  return DateTime.fromJSDate(new Date(instant), { zone: ZONE });
}
