/**
 * What a person reads when their answer could not be used. Every hint says exactly what to write,
 * with an example that fits the question, in both languages (the caller picks the member's one).
 */
import type { AnswerHint, Question } from '../parse-answer.ts';
import { numberFormat } from '../../util/number-format.ts';

type ScaleQuestion = Extract<Question, { kind: 'scale' }>;
type ChoiceQuestion = Extract<Question, { kind: 'choice' }>;

/**
 * The example rating sits inside the scale (4 on 1-5 and 1-10, 3 on 1-3); its comment comes from the
 * question, as only the question knows what fits ("the children loved the fish" does not, at a theatre).
 */
function scaleHowTo(q: ScaleQuestion): AnswerHint {
  const example = Math.min(q.max, Math.max(q.min, 4));
  return {
    da: `Skriv et tal fra ${q.min} til ${q.max}, gerne efterfulgt af en kommentar, fx «${example}${q.example ? ` - ${q.example.da}` : ''}».`,
    en: `Write a number from ${q.min} to ${q.max}, optionally followed by a comment, e.g. “${example}${q.example ? ` - ${q.example.en}` : ''}”.`,
  };
}

const DONT_KNOW_TIP: AnswerHint = {
  da: 'Skriv «ved ikke», hvis du ikke kan svare.',
  en: 'Write “don’t know” if you can’t answer.',
};

function join(...parts: AnswerHint[]): AnswerHint {
  return { da: parts.map((p) => p.da).join(' '), en: parts.map((p) => p.en).join(' ') };
}

const EMPTY: AnswerHint = { da: 'Dit svar var tomt.', en: 'Your reply was empty.' };

export function scaleEmpty(q: ScaleQuestion): AnswerHint {
  return join(EMPTY, scaleHowTo(q), DONT_KNOW_TIP);
}

export function scaleNotUnderstood(q: ScaleQuestion): AnswerHint {
  return join(
    { da: 'Jeg fandt ikke et tal i starten af dit svar.', en: 'I couldn’t find a number at the start of your reply.' },
    scaleHowTo(q),
    DONT_KNOW_TIP,
  );
}

/** `shown` is what they wrote ("10", "4/10"), so they see why it was refused. */
export function scaleOutOfRange(q: ScaleQuestion, shown: string): AnswerHint {
  return join(
    { da: `Skalaen går fra ${q.min} til ${q.max}, så «${shown}» kan ikke bruges.`, en: `The scale goes from ${q.min} to ${q.max}, so “${shown}” can’t be used.` },
    scaleHowTo(q),
  );
}

/** Half values and ranges ("3,5", "3-4"): answers are counted, so we ask for one whole number. */
export function scalePickOne(q: ScaleQuestion, low: number, high: number): AnswerHint {
  return join(
    {
      da: `Vælg ét helt tal, fx «${low}» eller «${high}», så svarene kan tælles sammen.`,
      en: `Please pick one whole number, e.g. “${low}” or “${high}”, so the answers can be counted.`,
    },
    scaleHowTo(q),
  );
}

/** Labels are listed Danish first, English second by convention; missing ones fall back. */
function optionNames(q: ChoiceQuestion): { da: string[]; en: string[] } {
  return {
    da: q.options.map((o) => o.labels[0] ?? o.value),
    en: q.options.map((o) => o.labels[1] ?? o.labels[0] ?? o.value),
  };
}

function list(names: string[], open: string, close: string, or: string): string {
  const quoted = names.map((n) => `${open}${n}${close}`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ${or} ${quoted.at(-1)}`;
}

function choiceHowTo(q: ChoiceQuestion): AnswerHint {
  const names = optionNames(q);
  return {
    da: `Svar med ${list(names.da, '«', '»', 'eller')}, gerne efterfulgt af en kommentar, fx «${names.da[0] ?? ''}, fordi …».`,
    en: `Reply with ${list(names.en, '“', '”', 'or')}, optionally followed by a comment, e.g. “${names.en[0] ?? ''}, because …”.`,
  };
}

export function choiceEmpty(q: ChoiceQuestion): AnswerHint {
  return join(EMPTY, choiceHowTo(q), DONT_KNOW_TIP);
}

export function choiceNotUnderstood(q: ChoiceQuestion): AnswerHint {
  return join({ da: 'Jeg kunne ikke se, hvilket svar du valgte.', en: 'I couldn’t tell which answer you chose.' }, choiceHowTo(q), DONT_KNOW_TIP);
}

export function textEmpty(): AnswerHint {
  return join(EMPTY, { da: 'Skriv dit svar som en besked – du må gerne bruge flere linjer.', en: 'Write your answer as a message – several lines are fine.' });
}

export function tooLong(length: number, limit: number): AnswerHint {
  const [da, en] = [numberFormat('da', 'whole'), numberFormat('en', 'whole')];
  const [lenDa, limDa, lenEn, limEn] = [da.format(length), da.format(limit), en.format(length), en.format(limit)];
  return {
    da: `Dit svar fylder ${lenDa} tegn, men der er plads til højst ${limDa}. Forkort det til ${limDa} tegn eller færre, og send det igen.`,
    en: `Your reply is ${lenEn} characters long, but the limit is ${limEn}. Please shorten it to ${limEn} characters or fewer and send it again.`,
  };
}
