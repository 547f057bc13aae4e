import type { Activity, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { formatDate } from '../messages/format.ts';
import { withUserTexts, type RichMessage } from '../messages/model.ts';
import { wt } from './texts.ts';

/** Why the consultant hears of a group: a quiet channel, or energy falling meeting after meeting. */
export type Concern =
  | { kind: 'quiet'; since: string | null; workingDays: number }
  | { kind: 'energy'; trend: string };

export interface NoticeContext {
  programme: Programme;
  template: Template | undefined;
  group: Partnership;
  lastActivity: Activity | undefined;
  locale: Locale;
}

/** The one direct message to a consultant about a group, naming the group and its last activity. */
export function quietGroupMessage(concern: Concern, ctx: NoticeContext): RichMessage {
  const { programme, group, locale } = ctx;
  const names = { group: group.name, programme: programme.name };
  const header = wt(locale, concern.kind === 'quiet' ? 'quietHeader' : 'energyHeader', names);
  const what =
    concern.kind === 'energy'
      ? wt(locale, 'energy', { ...names, trend: concern.trend })
      : concern.since
        ? wt(locale, 'quiet', { ...names, days: concern.workingDays, since: formatDate(concern.since, programme.timezone, locale) })
        : wt(locale, 'quietNever', { ...names, days: concern.workingDays });
  const message: RichMessage = {
    text: `${header}: ${what}`,
    blocks: [
      { type: 'header', text: header },
      { type: 'section', text: `${what}\n${lastActivityText(ctx)}` },
      { type: 'context', text: wt(locale, 'advice') },
    ],
  };
  return withUserTexts(message, [group.name, programme.name]);
}

function lastActivityText({ template, lastActivity, programme, locale }: NoticeContext): string {
  if (!lastActivity) return wt(locale, 'noActivity');
  const step = template?.steps.find((s) => s.key === lastActivity.stepKey);
  const title = step ? pick(step.title, locale) : lastActivity.stepKey;
  return wt(locale, 'lastActivity', { title, when: formatDate(lastActivity.startsAt, programme.timezone, locale) });
}
