import { DateTime } from 'luxon';
import { scaleOf, type Role } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { valueLabel } from './forms.ts';
import { DONT_KNOW } from './interpret.ts';
import type { PromptWithMember, Round } from './repository.ts';
import { coversWholeRounds, MIN_ANONYMOUS_ANSWERS, type ProgrammeResults } from './results.ts';

/**
 * The evaluation export: one row per answer. Danish Excel uses the comma as decimal separator and so
 * expects ";" between fields; a UTF-8 byte order mark makes it read æ, ø and å correctly; CRLF line
 * ends are what RFC 4180 and Excel expect. Anonymous forms lose name, role and time, and are left out
 * entirely where fewer than three answered or only a part of those asked is exported (a partnership's
 * share of a programme-wide evaluation), exactly as in the results view.
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

const HEADERS: Record<Locale, string[]> = {
  da: ['Forløb', 'Aktivitet', 'Dato', 'Partnerskab', 'Navn', 'Rolle', 'Spørgsmål', 'Svar', 'Tal', 'Kommentar', 'Besvaret', 'Anonym'],
  en: ['Programme', 'Activity', 'Date', 'Partnership', 'Name', 'Role', 'Question', 'Answer', 'Number', 'Comment', 'Answered', 'Anonymous'],
};

export interface ExportContext {
  programmeName: string;
  zone: string;
  locale: Locale;
  roundTitle: (round: Round) => string;
  partnershipName: (id: string | null) => string;
  roleTitle: (role: Role) => string;
}

/** The CSV text (with BOM) and how many answers it holds. */
export function evaluationCsv(data: ProgrammeResults, partnershipId: string | null, ctx: ExportContext): { csv: string; rows: number } {
  const rows: string[][] = [];
  for (const round of data.rounds) {
    if (!round.form) continue;
    const prompts = data.prompts.filter((p) => p.activityId === round.activityId && (!partnershipId || p.partnershipId === partnershipId));
    const respondents = prompts.filter((p) => data.answers.has(p.id));
    const hidden = respondents.length < MIN_ANONYMOUS_ANSWERS || !coversWholeRounds(prompts, data.prompts);
    if (round.form.anonymous && hidden) continue;
    rows.push(...roundRows(round as Round & { form: NonNullable<Round['form']> }, respondents, data, ctx));
  }
  const lines = [HEADERS[ctx.locale], ...rows].map((row) => row.map(cell).join(CSV_SEPARATOR));
  return { csv: `${BOM}${lines.join('\r\n')}\r\n`, rows: rows.length };
}

function roundRows(round: Round & { form: NonNullable<Round['form']> }, respondents: PromptWithMember[], data: ProgrammeResults, ctx: ExportContext): string[][] {
  const { locale } = ctx;
  const anonymous = round.form.anonymous;
  const rows: string[][] = [];
  for (const [index, question] of round.form.questions.entries()) {
    const answered = respondents.flatMap((p) => {
      const answer = data.answers.get(p.id)?.get(question.key);
      return answer ? [{ p, answer }] : [];
    });
    const block = answered.map(({ p, answer }) => [
      ctx.programmeName,
      ctx.roundTitle(round),
      localDate(round.dueAt, ctx.zone),
      // On anonymous forms the answerer's partnership could single people out: show the activity's.
      partnership(anonymous ? round.partnershipId : p.partnershipId, ctx),
      // A member who has left (`fjern`) is in the results without a name.
      anonymous ? '' : p.displayName ?? '',
      anonymous || !p.role ? '' : ctx.roleTitle(p.role),
      `${index + 1}. ${pick(question.text, locale)}`,
      valueLabel(question, answer.value, locale),
      scaleOf(question) && answer.value !== DONT_KNOW ? answer.value : '',
      answer.comment ?? '',
      anonymous ? '' : localDateTime(answer.changedAt ?? answer.answeredAt, ctx.zone),
      anonymous ? yes(locale) : no(locale),
    ]);
    // Anonymous rows are sorted by their content, so their order says nothing about who answered when.
    if (anonymous) block.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000'), 'da'));
    rows.push(...block);
  }
  return rows;
}

/**
 * One field: quoted when it holds the separator, a quote or a line break; a leading = + - @ is
 * neutralised so a typed answer can never run as a spreadsheet formula.
 */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function partnership(id: string | null, ctx: ExportContext): string {
  return id === null ? '' : ctx.partnershipName(id);
}

function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('yyyy-MM-dd');
}

function localDateTime(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

const yes = (locale: Locale) => (locale === 'da' ? 'ja' : 'yes');
const no = (locale: Locale) => (locale === 'da' ? 'nej' : 'no');

/** "evaluering-smaa-partnerskaber-2027-2027-03-01.csv": safe on every platform and file system. */
export function exportFilename(programmeName: string, date: string, locale: Locale): string {
  const slug = programmeName
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${locale === 'da' ? 'evaluering' : 'evaluation'}-${slug || 'forloeb'}-${date}.csv`;
}
