import { DateTime } from 'luxon';
import type { Core } from '../app.ts';
import { asCreator } from '../commands/creators.ts';
import { userLocale } from '../commands/router.ts';
import { COMMAND, tr } from '../commands/texts.ts';
import type { CommandContext, CommandReply } from '../commands/types.ts';
import { UserError } from '../domain/errors.ts';
import { fillText, pick, type Locale } from '../domain/text.ts';
import type { Template } from '../domain/template.ts';
import { plainMessage, stripMarks, withRepeatedTexts } from '../messages/model.ts';
import { parseTemplateText, TemplateError } from './index.ts';
import { describeProblem } from './problems.ts';

/** A template file is a few kilobytes; anything near this is not one (and would only cost memory). */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

/** At most this many problems are listed: the author fixes those and sends the file again. */
const MAX_LISTED = 15;

/**
 * A file a user shared with the bot, as the adapter hands it over: no platform in sight. The adapter
 * downloads only when asked, after the core has checked who sent it and what it is called.
 */
export interface IncomingTemplateFile {
  name: string;
  /** Bytes, when the platform says; a larger file is refused without downloading it. */
  size?: number;
  /** The file's text (UTF-8); null when it turns out to be larger than `maxBytes`. */
  read(maxBytes: number): Promise<string | null>;
}

const TEXTS = {
  da: {
    added: 'Skabelonen «{title}» version {version} er tilføjet. Brug den med `{command} opret "Navn" {date} {id}`.',
    notAllowed: 'Kun konsulenter kan tilføje skabeloner her: konsulenterne for forløbene i arbejdsområdet ({consultants}), administratorerne og dem, der er nævnt i Tovholders opsætning. Spørg en af dem.',
    wrongType: 'Filen «{name}» er ikke en skabelon: send en JSON- eller YAML-fil (.json, .yaml eller .yml).',
    tooLarge: 'Filen «{name}» er for stor til en skabelon (højst {kb} KB).',
    unreadable: 'Jeg kunne ikke hente filen «{name}». Prøv at sende den igen om lidt.',
    invalid: 'Skabelonen «{name}» er ikke tilføjet, for den har {count} {count|fejl|fejl}. Ret {count|den|dem} og send filen igen:',
    more: '… og {count} mere.',
    builtin: 'Skabelonen «{id}» er en af Tovholders egne og kan ikke erstattes. Giv din skabelon et andet id.',
    versionNotRaised: 'Skabelonen «{id}» findes allerede i version {current}. Sæt «version» til {next} eller højere for at tilføje en ny udgave.',
  },
  en: {
    added: 'The template “{title}” version {version} is added. Use it with `{command} create "Name" {date} {id}`.',
    notAllowed: 'Only consultants can add templates here: the consultants of the workspace’s programmes ({consultants}), the admins and those named in Tovholder’s settings. Ask one of them.',
    wrongType: 'The file “{name}” is not a template: send a JSON or YAML file (.json, .yaml or .yml).',
    tooLarge: 'The file “{name}” is too large for a template (at most {kb} KB).',
    unreadable: 'I could not fetch the file “{name}”. Please send it again in a moment.',
    invalid: 'The template “{name}” is not added: it has {count} {count|problem|problems}. Fix {count|it|them} and send the file again:',
    more: '… and {count} more.',
    builtin: 'The template “{id}” is one of Tovholder’s own and cannot be replaced. Give your template another id.',
    versionNotRaised: 'The template “{id}” already exists in version {current}. Set “version” to {next} or higher to add a new edition.',
  },
} satisfies Record<Locale, Record<string, string>>;

type Key = keyof (typeof TEXTS)['da'];
const both = (key: Key, params: Record<string, string | number> = {}) => ({ da: fillText(TEXTS.da[key], params), en: fillText(TEXTS.en[key], params) });

/**
 * A consultant shared a template file with the bot (Slack: in the direct message, or with the word
 * "skabelon"; Teams: an attachment in the personal chat). It is checked whole, and stored only when
 * valid: every problem is listed by step key and field in the user's language, and nothing changes.
 *
 * Who may add one: whoever may create a programme in the workspace (src/commands/creators.ts) — the
 * consultants of its programmes, TOVHOLDER_CREATORS, workspace admins, and anyone while the workspace
 * has no programme yet (a new installation must be able to start with its own template).
 */
export async function receiveTemplateFile(core: Core, file: IncomingTemplateFile, ctx: CommandContext): Promise<CommandReply> {
  const locale = userLocale(core, ctx);
  const name = stripMarks(file.name);
  try {
    return await addTemplate(core, { ...file, name }, ctx, locale);
  } catch (error) {
    if (error instanceof UserError) return markNames(ephemeralRich(error.in(locale)), [name]);
    core.logger.error({ err: error, platform: ctx.platform, workspace: ctx.workspaceId, user: ctx.userRef, file: name }, 'adding an uploaded template failed');
    return ephemeralRich(tr(locale, 'internalError'));
  }
}

async function addTemplate(core: Core, file: IncomingTemplateFile, ctx: CommandContext, locale: Locale): Promise<CommandReply> {
  await mayAdd(core, ctx);
  const format = formatOf(file.name);
  if (!format) throw new UserError('not_a_template', both('wrongType', { name: file.name }));
  const kb = Math.round(MAX_TEMPLATE_BYTES / 1024);
  if (file.size !== undefined && file.size > MAX_TEMPLATE_BYTES) throw new UserError('template_too_large', both('tooLarge', { name: file.name, kb }));
  const text = await download(file);
  if (text === null) throw new UserError('template_too_large', both('tooLarge', { name: file.name, kb }));
  const template = validated(text, file.name, format === 'sniff' ? sniff(text) : format);
  const scope = { platform: ctx.platform, workspaceId: ctx.workspaceId };
  core.transaction(() => {
    if (core.templates.isFixed(template.id)) throw new UserError('builtin_template', both('builtin', { id: template.id }));
    const current = core.templates.get(template.id, scope)?.version;
    if (current !== undefined && template.version <= current) {
      throw new UserError('version_not_raised', both('versionNotRaised', { id: template.id, current, next: current + 1 }));
    }
    core.templates.store?.add(scope, {
      templateId: template.id,
      version: template.version,
      json: JSON.stringify(template),
      addedBy: ctx.userRef,
      addedAt: core.clock.now().toISOString(),
    });
  });
  core.logger.info({ platform: ctx.platform, workspace: ctx.workspaceId, user: ctx.userRef, template: template.id, version: template.version }, 'template uploaded');
  const title = pick(template.name, locale);
  const added = fillText(TEXTS[locale].added, { title, version: template.version, command: COMMAND, date: exampleStart(core), id: template.id });
  return markNames(ephemeralRich(added), [title, template.id, file.name]);
}

/** The same people who may create a programme; their refusal names the consultants to ask. */
async function mayAdd(core: Core, ctx: CommandContext): Promise<void> {
  try {
    await asCreator(core, ctx, () => true);
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'not_creator') throw error;
    const consultants = core.repos.programmes.listInWorkspace(ctx.platform, ctx.workspaceId)
      .flatMap((p) => core.repos.members.listForProgramme(p.id).filter((m) => m.role === 'consultant').map((m) => m.displayName));
    throw new UserError('not_consultant', both('notAllowed', { consultants: [...new Set(consultants)].join(', ') || '–' }));
  }
}

async function download(file: IncomingTemplateFile): Promise<string | null> {
  try {
    return await file.read(MAX_TEMPLATE_BYTES);
  } catch {
    // The adapter logged the platform's answer; the user needs only to know it did not arrive.
    throw new UserError('template_unreadable', both('unreadable', { name: file.name }));
  }
}

function validated(text: string, name: string, format: 'json' | 'yaml'): Template {
  try {
    return parseTemplateText(text, name, format);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const problems = error.located;
    const lines = (locale: Locale) => {
      const listed = problems.slice(0, MAX_LISTED).map((problem) => `• ${describeProblem(name, problem, locale)}`);
      if (problems.length > MAX_LISTED) listed.push(fillText(TEXTS[locale].more, { count: problems.length - MAX_LISTED }));
      return [fillText(TEXTS[locale].invalid, { name, count: problems.length }), ...listed].join('\n');
    };
    throw new UserError('invalid_template', { da: lines('da'), en: lines('en') });
  }
}

/** By extension; a file without one (or a .txt snippet) by its first character. Anything else is refused. */
function formatOf(name: string): 'json' | 'yaml' | 'sniff' | undefined {
  const match = /\.([^./\\]+)$/.exec(name.trim().toLowerCase());
  const extension = match?.[1];
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  if (extension === undefined || extension === 'txt') return 'sniff';
  return undefined;
}

function sniff(text: string): 'json' | 'yaml' {
  return /^\uFEFF?\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** A Monday four weeks ahead: a start date the consultant can copy as it is. */
function exampleStart(core: Core): string {
  const inFourWeeks = DateTime.fromJSDate(core.clock.now(), { zone: core.defaults.timezone }).plus({ weeks: 4 });
  return inFourWeeks.minus({ days: inFourWeeks.weekday - 1 }).toISODate()!;
}

function ephemeralRich(text: string): CommandReply {
  return { type: 'message', visibility: 'ephemeral', message: plainMessage(text) };
}

/** Names the user wrote (file name, template title and id) show as written, not as formatting. */
function markNames(reply: CommandReply, names: string[]): CommandReply {
  if (reply.type !== 'message') return reply;
  return { ...reply, message: withRepeatedTexts(reply.message, names) };
}
