import { describe, expect, it } from 'vitest';
import { parseAnswer, type ParsedAnswer, type Question } from '../../src/evaluations/parse-answer.ts';

const scale: Question = { kind: 'scale', min: 1, max: 5, example: { da: 'børnene elskede fiskene', en: 'the children loved the fish' } };
const scale10: Question = { kind: 'scale', min: 1, max: 10 };
const yesNoMaybe: Question = {
  kind: 'choice',
  options: [
    { value: 'yes', labels: ['ja', 'yes', 'jep', '👍'] },
    { value: 'no', labels: ['nej', 'no', '👎'] },
    { value: 'maybe', labels: ['måske', 'maybe'] },
  ],
};
const partly: Question = {
  kind: 'choice',
  options: [
    { value: 'yes', labels: ['ja', 'yes'] },
    { value: 'partly', labels: ['ja, delvist', 'partly'] },
    { value: 'no', labels: ['nej', 'no'] },
    { value: 'neutral', labels: ['neutral'] },
    { value: 'unknown', labels: ['ved ikke', "don't know"] },
  ],
};
const text: Question = { kind: 'text' };
const shortText: Question = { kind: 'text', maxLength: 20 };

type Accepted = Extract<ParsedAnswer, { ok: true }>;
type Refused = { ok: false; reason: Extract<ParsedAnswer, { ok: false }>['reason']; hintContains: string };

const rating = (value: number, comment: string | null = null): Accepted => ({ ok: true, kind: 'scale', value, comment });
const choice = (value: string, comment: string | null = null): Accepted => ({ ok: true, kind: 'choice', value, comment });
const dontKnow = (comment: string | null = null): Accepted => ({ ok: true, kind: 'dont_know', comment });
const free = (value: string): Accepted => ({ ok: true, kind: 'text', text: value });
/** A refusal, and a phrase its Danish or English hint must contain. */
const refused = (reason: Refused['reason'], hintContains = ''): Refused => ({ ok: false, reason, hintContains });

type Row = { input: string; question: Question; expected: Accepted | Refused };
const row = (input: string, question: Question, expected: Row['expected']): Row => ({ input, question, expected });

const rows: Row[] = [
  // Scale: the plain forms.
  row('4', scale, rating(4)),
  row(' 4 ', scale, rating(4)),
  row('4/5', scale, rating(4)),
  row('4 / 5', scale, rating(4)),
  row('4 af 5', scale, rating(4)),
  row('4 ud af 5', scale, rating(4)),
  row('4 of 5', scale, rating(4)),
  row('4 out of 5', scale, rating(4)),
  row('4.', scale, rating(4)),
  row('4 stjerner', scale, rating(4)),
  row('４', scale, rating(4)),
  row('4,0', scale, rating(4)),
  // Scale: words, typos, articles.
  row('fire', scale, rating(4)),
  row('Fire!', scale, rating(4)),
  row('én', scale, rating(1)),
  row('Et.', scale, rating(1)),
  row('to', scale, rating(2)),
  row('tre.', scale, rating(3)),
  row('fem!!', scale, rating(5)),
  row('fier', scale, rating(4)),
  row('fiire', scale, rating(4)),
  row('Three', scale, rating(3)),
  row('five - amazing day', scale, rating(5, 'amazing day')),
  row('fire stjerner', scale, rating(4)),
  row('fem ud af fem', scale, rating(5)),
  row('fine', scale, refused('not_understood', 'starten af dit svar')),
  row('en god dag', scale, refused('not_understood', 'Skriv et tal fra 1 til 5')),
  row('En - det var lidt kedeligt', scale, rating(1, 'det var lidt kedeligt')),
  row('to børn var syge', scale, refused('not_understood')),
  row('Jeg giver den en 4\'er', scale, rating(4)),
  row('Karakter: 5', scale, rating(5)),
  // Scale: comments, also with numbers and line breaks in them.
  row('4 - børnene elskede fiskene', scale, rating(4, 'børnene elskede fiskene')),
  row('4, de var meget optaget', scale, rating(4, 'de var meget optaget')),
  row('4: god', scale, rating(4, 'god')),
  row('4 super dag', scale, rating(4, 'super dag')),
  row('4 - vi var 12 børn', scale, rating(4, 'vi var 12 børn')),
  row('4 - 5 børn var syge', scale, rating(4, '5 børn var syge')),
  row('4\nBørnene var glade\n\n\n\nPædagogerne   også', scale, rating(4, 'Børnene var glade\n\nPædagogerne også')),
  row('Vi var 12 børn og 3 voksne', scale, refused('not_understood')),
  row('Vi var 5 ud af 5 pædagoger med', scale, refused('not_understood')),
  // Scale: emoji, Slack shortcodes and mentions.
  row('⭐⭐⭐⭐', scale, rating(4)),
  row('⭐️⭐️⭐️ fint nok', scale, rating(3, 'fint nok')),
  row('★★★☆☆', scale, rating(3)),
  row(':star::star::star:', scale, rating(3)),
  row('4️⃣', scale, rating(4)),
  row(':four: godt', scale, rating(4, 'godt')),
  row('Super tur, børnene var vilde med det ⭐⭐⭐⭐⭐', scale, rating(5, 'Super tur, børnene var vilde med det')),
  row('Rigtig god dag 5/5 - tak', scale, rating(5, 'Rigtig god dag - tak')),
  row('Godt, 4 stjerner!', scale, rating(4, 'Godt!')),
  row('Rigtig god dag 5/5\nBørnene vil gerne igen', scale, rating(5, 'Rigtig god dag\nBørnene vil gerne igen')),
  row('<@U0BOT> 5', scale, rating(5)),
  row('<at>Tovholder</at> 3 - fint', scale, rating(3, 'fint')),
  row('👍', scale, refused('not_understood')),
  // Scale: what cannot be counted.
  row('3,5', scale, refused('not_understood', 'Vælg ét helt tal, fx «3» eller «4»')),
  row('3.5', scale, refused('not_understood', 'pick one whole number, e.g. “3” or “4”')),
  row('3½', scale, refused('not_understood', '«3» eller «4»')),
  row('3-4', scale, refused('not_understood', '«3» eller «4»')),
  row('3 eller 4, svært at sige', scale, refused('not_understood', '«3» eller «4»')),
  row('4,5', scale, refused('not_understood', '«4» eller «5»')),
  row('5,5', scale, refused('out_of_range', 'Skalaen går fra 1 til 5')),
  row('10', scale, refused('out_of_range', 'Skalaen går fra 1 til 5, så «10» kan ikke bruges')),
  row('0', scale, refused('out_of_range', 'The scale goes from 1 to 5, so “0”')),
  row('-1', scale, refused('out_of_range')),
  row('8/10', scale, refused('out_of_range', '«8/10»')),
  row('⭐⭐⭐⭐⭐⭐', scale, refused('out_of_range')),
  row('8/10', scale10, rating(8)),
  row('ti', scale10, rating(10)),
  // Scale: don't know and nothing.
  row('ved ikke', scale, dontKnow()),
  row('Ved ik, var syg den dag', scale, dontKnow('var syg den dag')),
  row("Don’t know - wasn't there", scale, dontKnow("wasn't there")),
  row('idk', scale, dontKnow()),
  row('?', scale, dontKnow()),
  row('', scale, refused('empty', 'Dit svar var tomt')),
  row('   \n  ', scale, refused('empty')),
  row('...', scale, refused('empty')),
  row('<@U0BOT>', scale, refused('empty')),
  row(`4 - ${'meget lang kommentar '.repeat(50)}`, scale, refused('too_long', '1.000')),
  // Choice.
  row('j', yesNoMaybe, choice('yes')),
  row('ja', yesNoMaybe, choice('yes')),
  row('Ja tak', yesNoMaybe, choice('yes', 'tak')),
  row('JA!!!', yesNoMaybe, choice('yes')),
  row('Jaaa, helt sikkert', yesNoMaybe, choice('yes', 'helt sikkert')),
  row('nej', yesNoMaybe, choice('no')),
  row('Nej, ikke denne gang', yesNoMaybe, choice('no', 'ikke denne gang')),
  row('n', yesNoMaybe, choice('no')),
  row('måske', yesNoMaybe, choice('maybe')),
  row('maaske', yesNoMaybe, choice('maybe')),
  row('Maske - vi må se', yesNoMaybe, choice('maybe', 'vi må se')),
  row('m', yesNoMaybe, choice('maybe')),
  row('yes', yesNoMaybe, choice('yes')),
  row('no', yesNoMaybe, choice('no')),
  row('Maybe, depends on the weather', yesNoMaybe, choice('maybe', 'depends on the weather')),
  row('mybe', yesNoMaybe, choice('maybe')),
  row('👍 gerne igen', yesNoMaybe, choice('yes', 'gerne igen')),
  row(':thumbsdown:', yesNoMaybe, choice('no')),
  row('<@U0BOT> ja', yesNoMaybe, choice('yes')),
  row('jamen det ved jeg ikke', yesNoMaybe, refused('not_understood', 'Svar med «ja», «nej» eller «måske»')),
  row('I think so', yesNoMaybe, refused('not_understood', 'Reply with “yes”, “no” or “maybe”')),
  row('ved ikke', yesNoMaybe, dontKnow()),
  row('', yesNoMaybe, refused('empty', '«ja», «nej» eller «måske»')),
  row('Ja, delvist - vi nåede ikke det hele', partly, choice('partly', 'vi nåede ikke det hele')),
  row('ja', partly, choice('yes')),
  row('n', partly, refused('not_understood')),
  row('ved ikke', partly, choice('unknown')),
  // Free text.
  row('  Børnene   var\tglade\n\n\n\nDe   ville gerne igen  ', text, free('Børnene var glade\n\nDe ville gerne igen')),
  row('Line one\r\nLine two', text, free('Line one\nLine two')),
  row('<@U0BOT> Vi så   fiskene', text, free('Vi så fiskene')),
  row('<at>Tovholder</at> Tak for i dag', text, free('Tak for i dag')),
  row('Vi talte med <at>Anna Holm</at> om det', text, free('Vi talte med @Anna Holm om det')),
  row('Vi talte med <@U456> om næste gang', text, free('Vi talte med <@U456> om næste gang')),
  row('Fisk &amp; skaldyr på 20 m²', text, free('Fisk & skaldyr på 20 m²')),
  row('😀', text, free('😀')),
  row('ved ikke', text, dontKnow()),
  row('ved ikke om vi når det igen', text, free('ved ikke om vi når det igen')),
  row('', text, refused('empty', 'Write your answer as a message')),
  row('...', text, refused('empty')),
  row('<@U0BOT>   ', text, refused('empty')),
  row('x'.repeat(1001), text, refused('too_long', 'Dit svar fylder 1.001 tegn, men der er plads til højst 1.000')),
  row('x'.repeat(1000), text, free('x'.repeat(1000))),
  row('Det var en rigtig god dag', shortText, refused('too_long', 'the limit is 20')),
  row('😀'.repeat(20), shortText, free('😀'.repeat(20))),
];

describe('parseAnswer', () => {
  it('has a real table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50);
  });

  it.each(rows)('$question.kind: $input', ({ input, question, expected }) => {
    const parsed = parseAnswer(input, question);
    if (expected.ok) {
      expect(parsed).toEqual(expected);
      return;
    }
    expect(parsed).toMatchObject({ ok: false, reason: expected.reason });
    if (parsed.ok) return;
    expect(parsed.hint.da).not.toBe('');
    expect(parsed.hint.en).not.toBe('');
    expect(`${parsed.hint.da}\n${parsed.hint.en}`).toContain(expected.hintContains);
  });
});

describe('hints', () => {
  it('tell exactly what to write on a 1-5 scale, in both languages', () => {
    const parsed = parseAnswer('hmm', scale);
    expect(parsed).toEqual({
      ok: false,
      reason: 'not_understood',
      hint: {
        da: 'Jeg fandt ikke et tal i starten af dit svar. Skriv et tal fra 1 til 5, gerne efterfulgt af en kommentar, fx «4 - børnene elskede fiskene». Skriv «ved ikke», hvis du ikke kan svare.',
        en: 'I couldn’t find a number at the start of your reply. Write a number from 1 to 5, optionally followed by a comment, e.g. “4 - the children loved the fish”. Write “don’t know” if you can’t answer.',
      },
    });
  });

  it('keep the example inside a short scale', () => {
    const parsed = parseAnswer('7', { kind: 'scale', min: 1, max: 3, example: { da: 'børnene elskede fiskene', en: 'the children loved the fish' } });
    expect(parsed.ok ? '' : parsed.hint.da).toContain('fx «3 - børnene elskede fiskene»');
  });

  it('give a bare number as the example when the question has no comment that fits', () => {
    const parsed = parseAnswer('hmm', { kind: 'scale', min: 1, max: 5 });
    expect(parsed.ok ? '' : parsed.hint.da).toContain('gerne efterfulgt af en kommentar, fx «4».');
    expect(parsed.ok ? '' : parsed.hint.en).not.toContain('fish');
  });
});
