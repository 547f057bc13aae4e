import { DateTime } from 'luxon';
import { handleAction, handleCommand, handleInboundMessage } from '../../src/commands/router.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import type { Template } from '../../src/domain/template.ts';
import { getTemplate } from '../../src/templates/index.ts';
import type { Button } from '../../src/messages/model.ts';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { consultant, PARTNERSHIPS, type Person, type World } from '../evaluations/harness.ts';

/**
 * Two partnerships (Havet: Anna culture, Bo daycare; Herregården: Cille, Dan), created by the
 * consultant's commands at `now` (default the day after the kick-off workshop of 2027-01-07).
 */
export async function twoPartnerships(options: { templates?: Template[]; dbPath?: string; now?: string } = {}): Promise<World> {
  const clock = new ManualClock(options.now ?? '2027-01-08T08:00:00Z');
  const fake = new FakePlatform('slack');
  const core = createCore({ dbPath: options.dbPath ?? ':memory:', clock, logger: silentLogger(), platforms: [fake], workerId: 'w1', ...(options.templates ? { templates: options.templates } : {}) });
  await handleCommand(core, 'opret "Små Partnerskaber 2027" 2027-01-07', consultant);
  const people: Person[] = [];
  const names = [['Anna', 'Bo'], ['Cille', 'Dan']] as const;
  for (const [i, [name, culture, daycare]] of PARTNERSHIPS.slice(0, 2).entries()) {
    const c = { userRef: `UC${i + 1}`, name: names[i]![0], partnership: name };
    const d = { userRef: `UD${i + 1}`, name: names[i]![1], partnership: name };
    await handleCommand(core, `partnerskab "${name}" "${culture}" "${daycare}" <@${c.userRef}|${c.name}>=kultur <@${d.userRef}|${d.name}>=dagtilbud`, consultant);
    people.push(c, d);
  }
  await core.scheduler.tick();
  const programme = core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  return { core, clock, fake, programme, people };
}

export const ZONE = 'Europe/Copenhagen';

/** Små Partnerskaber whose workshops ask for their minutes' actions. */
export function templateWithActions(): Template {
  const base = getTemplate('smaa-partnerskaber')!;
  return { ...base, steps: base.steps.map((s) => (s.kind === 'workshop' ? { ...s, actions: true } : s)) };
}

export function text(reply: CommandReply | null): string {
  if (!reply) return '';
  return reply.type === 'message' ? reply.message.text : reply.fallback.text;
}

export async function say(w: World, line: string, ctx: CommandContext): Promise<string> {
  return text(await handleCommand(w.core, line, ctx));
}

export async function dm(w: World, line: string, ctx: CommandContext): Promise<string> {
  return text(await handleInboundMessage(w.core, { text: line, threadRef: null, direct: true }, ctx));
}

export async function press(w: World, button: Button, ctx: CommandContext): Promise<string> {
  return text(await handleAction(w.core, { actionId: button.actionId, value: button.value }, ctx));
}

/** The Færdig button of a message. */
export function doneButtonOf(message: { blocks?: { type: string; buttons?: Button[] }[] }): Button {
  const button = (message.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.buttons ?? []) : [])).find((b) => b.actionId === 'action.done');
  if (!button) throw new Error('no Færdig button');
  return button;
}

/** Runs the scheduler until what is due now has been sent (a kick may already be ticking). */
export async function settle(w: World): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    w.clock.advance(1_000);
    await w.core.scheduler.tick();
  }
}

/** Ticks every 30 minutes up to `until`, noting the local time each new message went out. */
export async function tickRecording(w: World, until: string, step = 30 * 60_000): Promise<{ key: string; at: string }[]> {
  const seen: { key: string; at: string }[] = [];
  const end = new Date(until).getTime();
  while (w.clock.now().getTime() + step <= end) {
    w.clock.advance(step);
    const before = w.fake.sent.length;
    await w.core.scheduler.tick();
    for (const m of w.fake.sent.slice(before)) seen.push({ key: m.idempotencyKey, at: DateTime.fromJSDate(w.clock.now(), { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') });
  }
  return seen;
}

export function actionRows(w: World): { id: string; status: string; owner_member_id: string | null; due_date: string; meeting_title: string }[] {
  return w.core.db.prepare('SELECT * FROM meeting_actions ORDER BY created_at').all() as never;
}
