import { UserError } from '../../domain/errors.ts';
import { fillText, pick, type Locale } from '../../domain/text.ts';
import type { ActivityKind, Step, Template } from '../../domain/template.ts';
import { audienceText, formatText, listJoin, pairingText, placementText } from './template-words.ts';
import { cadenceLabel } from '../../timeline/recurrence.ts';
import type { Core } from '../../app.ts';
import type { RichMessage } from '../../messages/model.ts';
import { normalize } from '../resolve.ts';
import { COMMAND } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';

/** Texts of the two template views; kept here because only these views use them. */
const TEXTS = {
  da: {
    listTitle: 'Skabeloner',
    listLine: '• *{title}* (`{id}`), {months} {months|måned|måneder}, {steps} trin\n    {description}',
    listFooter: 'Se en skabelon trin for trin med «{command} skabelon <id>». Opret et forløb med «{command} opret "Navn" ÅÅÅÅ-MM-DD <id>».',
    unknown: 'Jeg kender ikke skabelonen «{id}». Skabeloner: {known}.',
    usage: 'Sådan bruges den: {command} skabelon <id>. Skabeloner: {known}.',
    header: '{title} ({months} {months|måned|måneder}, {steps} trin)',
    duration: '{minutes} min.',
    reminders: 'påmindelse {days} arbejdsdage før',
    noReminders: 'ingen påmindelse',
    evaluation: 'evaluering: {title} ({questions} {questions|spørgsmål|spørgsmål})',
    anchor: 'konsulenten sætter datoen',
    optional: 'kun hvis det bliver nødvendigt',
  },
  en: {
    listTitle: 'Templates',
    listLine: '• *{title}* (`{id}`), {months} {months|month|months}, {steps} steps\n    {description}',
    listFooter: 'See a template step by step with “{command} template <id>”. Create a programme with “{command} create "Name" YYYY-MM-DD <id>”.',
    unknown: 'I do not know the template “{id}”. Templates: {known}.',
    usage: 'Usage: {command} template <id>. Templates: {known}.',
    header: '{title} ({months} {months|month|months}, {steps} steps)',
    duration: '{minutes} min',
    reminders: 'reminders {days} working days before',
    noReminders: 'no reminder',
    evaluation: 'evaluation: {title} ({questions} {questions|question|questions})',
    anchor: 'the consultant sets the date',
    optional: 'only if needed',
  },
} satisfies Record<Locale, Record<string, string>>;

type Key = keyof (typeof TEXTS)['da'];
const say = (locale: Locale, key: Key, params: Record<string, string | number> = {}) => fillText(TEXTS[locale][key], params);

/** `skabeloner`: every template a programme can be created from. */
export function templatesCommand(core: Core, _args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  // The workspace's own templates (uploaded by its consultants) are listed with the built-in ones.
  const lines = core.templates.list(ctx).map((t) =>
    say(locale, 'listLine', { title: pick(t.name, locale), id: t.id, months: t.months, steps: t.steps.length, description: firstSentence(pick(t.description, locale)) }),
  );
  const title = say(locale, 'listTitle');
  const message: RichMessage = {
    text: title,
    blocks: [
      { type: 'header', text: title },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: say(locale, 'listFooter', { command: COMMAND }) },
    ],
  };
  return { type: 'message', visibility: 'ephemeral', message };
}

/** `skabelon <id>`: one template, step by step, in words rather than JSON. */
export function templateCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const known = core.templates.list(ctx).map((t) => t.id).join(', ');
  const id = args.join(' ').trim();
  if (!id) throw new UserError('usage', inBoth((l) => say(l, 'usage', { command: COMMAND, known })));
  const template = core.templates.list(ctx).find((t) => normalize(t.id) === normalize(id));
  if (!template) throw new UserError('unknown_template', inBoth((l) => say(l, 'unknown', { id, known })));
  const title = say(locale, 'header', { title: pick(template.name, locale), months: template.months, steps: template.steps.length });
  const message: RichMessage = {
    text: title,
    blocks: [
      { type: 'header', text: title },
      { type: 'section', text: pick(template.description, locale) },
      { type: 'section', text: template.steps.map((step) => stepLine(template, step, locale)).join('\n') },
    ],
  };
  return { type: 'message', visibility: 'ephemeral', message };
}

function stepLine(template: Template, step: Step, locale: Locale): string {
  // A series: where it starts, then its cadence ("uge 1, hver 3. måned").
  const when = placementText(template, step.placement, locale) + (step.repeat ? `, ${cadenceLabel(step.repeat, locale)}` : '');
  const details = [when, audienceText(template, step.audience, locale)];
  const how = formatText(step, locale);
  if (how) details.push(how);
  if (step.durationMinutes) details.push(say(locale, 'duration', { minutes: step.durationMinutes }));
  details.push(remindersText(template, step, locale));
  if (step.anchor) details.push(say(locale, 'anchor'));
  if (step.optional) details.push(say(locale, 'optional'));
  if (step.pairing) details.push(pairingText(step.pairing, locale));
  if (step.evaluation) {
    const formTitle = pick(step.evaluation.title ?? step.title, locale);
    details.push(say(locale, 'evaluation', { title: formTitle, questions: step.evaluation.questions.length }));
  }
  return `• *${pick(step.title, locale)}* \`${step.key}\`\n    ${details.join(' · ')}`;
}

function remindersText(template: Template, step: Step, locale: Locale): string {
  const days = step.reminders ?? template.defaults.reminders[step.kind as ActivityKind] ?? [];
  if (days.length === 0) return say(locale, 'noReminders');
  return say(locale, 'reminders', { days: listJoin([...days].sort((a, b) => b - a).map(String), locale) });
}

/** The list shows one line per template: the description's first sentence. */
function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1).replace(/:$/, '.');
}

function inBoth(text: (locale: Locale) => string): { da: string; en: string } {
  return { da: text('da'), en: text('en') };
}
