import { DateTime } from 'luxon';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { silentLogger } from '../../src/logger.ts';
import type { StoredActivity } from '../../src/store/activities.ts';
import { parseTemplate } from '../../src/templates/index.ts';
import { consultantCtx, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { seriesTemplateInput } from '../timeline/series-fixture.ts';

export const ZONE = 'Europe/Copenhagen';

/** A monthly status report the consultant owes, on the first Wednesday at 12:00, due 3 working days later. */
const REPORT_STEP = {
  key: 'statusrapport', kind: 'deadline', title: { da: 'Statusrapport', en: 'Status report' }, audience: 'consultant',
  placement: { from: 'start', weeks: 0 }, startTime: '12:00', repeat: { every: 'month', on: { weekday: 'wednesday', nth: 1 } },
  report: { owner: { role: 'consultant' }, questions: [{ key: 'status', type: 'text', text: { da: 'Hvordan går det?', en: 'How is it going?' } }], dueWorkingDays: 3 },
};

export interface SeriesWorld {
  core: Core;
  clock: ManualClock;
  fake: FakePlatform;
  programme: Programme;
}

/**
 * The velfærdspartnerskab cadences (test/timeline/series-fixture.ts) cut to the kick-off and the
 * coordination group's quarterly meeting (first Tuesday of each quarter, 10:00-11:30), whose minutes
 * have actions; the watch on quiet groups after 5 working days; optionally a monthly status report.
 * Created 1 December 2026, starts Monday 4 January 2027, seen from 1 February 2027.
 */
export async function seriesWorld(options: { report?: boolean } = {}): Promise<SeriesWorld> {
  const input = seriesTemplateInput();
  const steps = input.steps
    .filter((s) => s.key === 'opstart' || s.key === 'kvartalsmoede')
    .map((s) => (s.key === 'kvartalsmoede' ? { ...s, actions: true } : s));
  const template = parseTemplate({ ...input, steps: options.report ? [...steps, REPORT_STEP] : steps, quiet: { workingDays: 5, energy: false } } as never, 'serier-test');
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const fake = new FakePlatform('slack');
  const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [fake], templates: [template] });
  const { programme } = core.programmes.createProgramme({
    platform: 'slack', workspaceId: 'T1', name: 'Partnerskab 2027', templateId: 'serier-test', startDate: '2027-01-04', timezone: ZONE, locale: 'da',
    consultant: { userRef: 'U0', displayName: 'Karen' },
  });
  await core.scheduler.tick();
  clock.set(new Date('2027-02-01T08:00:00Z'));
  return { core, clock, fake, programme };
}

export async function say(w: SeriesWorld, line: string): Promise<string> {
  return replyText(await handleCommand(w.core, line, consultantCtx));
}

/** A `flyt` and its Flyt button. */
export async function move(w: SeriesWorld, line: string): Promise<string> {
  const preview: CommandReply = await handleCommand(w.core, line, consultantCtx);
  const button = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.label === 'Flyt') : undefined;
  if (!button) throw new Error(replyText(preview));
  return replyText(await handleAction(w.core, button, consultantCtx));
}

export function occurrence(w: SeriesWorld, stepKey: string, n: number): StoredActivity {
  return w.core.repos.activities.listForProgramme(w.programme.id).find((a) => a.stepKey === stepKey && a.occurrence === n)!;
}

export function local(instant: Date | string): string {
  return DateTime.fromJSDate(new Date(instant), { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

/** Ticks every `stepMs` up to `until` (local time), noting when each new message went out (local time). */
export async function runTo(w: SeriesWorld, until: string, stepMs = 30 * 60_000): Promise<{ key: string; at: string; text: string }[]> {
  const seen: { key: string; at: string; text: string }[] = [];
  const end = DateTime.fromISO(until, { zone: ZONE }).toMillis();
  while (w.clock.now().getTime() + stepMs <= end) {
    w.clock.advance(stepMs);
    const before = w.fake.sent.length;
    await w.core.scheduler.tick();
    for (const m of w.fake.sent.slice(before)) seen.push({ key: m.idempotencyKey, at: local(w.clock.now()), text: m.message.text });
  }
  return seen;
}
