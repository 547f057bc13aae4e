/**
 * Issue #4 over Slack: the curiosity visit of a four-partnership programme is evaluated end to end
 * through the real Slack adapter (Bolt over HTTP, signed requests) against the fake Slack Web API, on
 * a clock the test moves (the fake Slack runs on it too, so message times are the test's times).
 * Members answer the way Slack users do (a button, a reply in the question's thread, a direct
 * message), one stays silent and is reminded once, the consultant reads the results and exports
 * them, a late answer is refused, nothing of one partnership shows up in another's channel, and the
 * anonymous closing evaluation never shows a name. The same scenario at core level, without Slack,
 * is test/evaluations/curiosity-e2e.test.ts.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSULTANT, TEAM } from '../support/slack-harness.ts';
import { buttonsOf, readable, SlackEvaluationWorld, ZONE, type Person } from '../support/slack-evaluations.ts';
import { PARTNERSHIPS, PROGRAMME as SCENARIO_PROGRAMME } from './contract/scenario.ts';

// The shared e2e scenario's programme and partnerships (test/e2e/contract/scenario.ts).
const PROGRAMME = SCENARIO_PROGRAMME.name;
/** Per partnership one culture member (Slack user U0K<n>) and one daycare member (U0D<n>A). */
const NAMES = [
  ['Anna', 'Bo'],
  ['Cille', 'Dan'],
  ['Eva', 'Finn'],
  ['Gitte', 'Hans'],
] as const;
const PEOPLE: Person[] = PARTNERSHIPS.flatMap((p, i) => [
  { name: NAMES[i]![0], userId: `U0K${i + 1}`, partnership: p.name },
  { name: NAMES[i]![1], userId: `U0D${i + 1}A`, partnership: p.name },
]);
const [anna, bo, cille, dan, eva, finn, gitte, hans] = PEOPLE as [Person, Person, Person, Person, Person, Person, Person, Person];
/** Havet's leader: a member of the partnership, but the template asks only culture and daycare staff about visits. */
const LIS = { name: 'Lis', userId: 'U0D1B' };

/** What each partnership wrote (answers and comments), to look for it where it must not be. */
const WRITTEN: Record<string, string[]> = {
  Havet: ['Fiskene og lyset i akvariet'],
  Herregården: ['børnene elskede at fodre dyrene'],
  Kornet: ['de var lidt generte i starten'],
  Teatret: ['Kostumerne bag scenen'],
};

let w: SlackEvaluationWorld;
let consultantIm: string;

/** The first question of the curiosity evaluation, as the person has it in their direct conversation. */
function firstQuestion(person: Person) {
  return w.messageTo(person, new RegExp(`^eval:${promptId(person.userId, 'nysgerrighed')}:q0$`));
}

/** The id of the prompt that asked `userId` about `stepKey` (to tell the questions in one conversation apart). */
function promptId(userId: string, stepKey: string): string {
  const id = w.core.db
    .prepare(
      `SELECT p.id FROM evaluation_prompts p JOIN members m ON m.id = p.member_id JOIN evaluation_rounds r ON r.activity_id = p.activity_id
       WHERE m.user_ref = ? AND r.step_key = ?`,
    )
    .pluck()
    .get(userId, stepKey) as string | undefined;
  if (!id) throw new Error(`${userId} was not asked about ${stepKey}`);
  return id;
}

/** Every stored answer, as "name: question=value (comment) via". */
function storedAnswers(): string[] {
  return (
    w.core.db
      .prepare(
        `SELECT m.display_name AS name, a.question_key AS q, a.value, a.comment, a.via FROM evaluation_answers a
         JOIN evaluation_prompts p ON p.id = a.prompt_id JOIN members m ON m.id = p.member_id`,
      )
      .all() as { name: string; q: string; value: string; comment: string | null; via: string }[]
  )
    .map((a) => `${a.name}: ${a.q}=${a.value}${a.comment ? ` (${a.comment})` : ''} ${a.via}`)
    .sort();
}

/** Who the bot wrote to in a direct conversation. */
function ownerOf(imId: string): string | undefined {
  return [...w.fake.state.team(TEAM).ims].find(([, im]) => im === imId)?.[0];
}

/** A name as a word of its own ("Eva", not the start of "Evaluering"). */
function word(name: string): RegExp {
  return new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'u');
}

/** One scheduler pass each morning at 09:00, from tomorrow up to and including `last`. */
async function mornings(last: DateTime): Promise<void> {
  for (let day = w.local().plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }); day <= last; day = day.plus({ days: 1 })) await w.at(day);
}

/** One scheduler pass every half hour (on the hour and half past) up to and including `last`. */
async function halfHours(last: DateTime): Promise<number> {
  const now = w.local();
  let slot = now.startOf('hour').plus({ minutes: now.minute < 30 ? 30 : 60 });
  let passes = 0;
  for (; slot <= last; slot = slot.plus({ minutes: 30 })) {
    await w.at(slot);
    passes += 1;
  }
  return passes;
}

beforeAll(async () => {
  // The day after the kick-off workshop (Friday 8 January, 10:00 in Copenhagen).
  w = await SlackEvaluationWorld.start('2027-01-08T09:00:00Z');
  consultantIm = w.fake.state.openIm(w.fake.state.team(TEAM), CONSULTANT).channel.id;
  expect(await w.command(`opret "${PROGRAMME}" 2027-01-07`, CONSULTANT, consultantIm)).toContain('er oprettet med start torsdag den 7. januar 2027');
  for (const [i, p] of PARTNERSHIPS.entries()) {
    const [culture, daycare] = PEOPLE.slice(2 * i, 2 * i + 2) as [Person, Person];
    const leader = i === 0 ? ` <@${LIS.userId}|${LIS.name}>=leder` : '';
    const added = await w.command(
      `partnerskab "${p.name}" "${p.culture}" "${p.daycare}" <@${culture.userId}|${culture.name}>=kultur <@${daycare.userId}|${daycare.name}>=dagtilbud${leader}`,
      CONSULTANT,
      consultantIm,
    );
    expect(added).toContain(`Partnerskabet *${p.name}* er tilføjet`);
  }
  expect(w.fake.channels(TEAM)).toHaveLength(5);
});

afterAll(async () => w?.bot.close());

describe('evaluations over Slack (Bolt over HTTP, fake Slack, manual clock)', () => {
  it('asks every member of the curiosity visit, takes button, thread and direct answers, nudges the silent one once, reports, exports and refuses late answers', async () => {
    const started = performance.now();
    // Up to the day of the visit nothing is evaluated: the kick-off workshop was over before the
    // programme came to the bot.
    const visitDay = DateTime.fromISO('2027-02-11T09:00', { zone: ZONE });
    await mornings(visitDay);
    expect(w.keyed(/^eval:/)).toEqual([]);

    // The visit (09:30–11:30) is over: every culture and daycare member is asked at once, in their
    // direct conversation with the bot; the consultant and Havet's leader were not on the visit.
    await w.at(visitDay.set({ hour: 11, minute: 31 }));
    const askedUsers = w.keyed(/^eval:[^:]+:q0$/).map((m) => ownerOf(m.channel));
    expect(askedUsers.sort()).toEqual(PEOPLE.map((p) => p.userId).sort());
    expect(askedUsers).not.toContain(CONSULTANT);
    expect(askedUsers).not.toContain(LIS.userId);
    for (const person of PEOPLE) {
      const q0 = firstQuestion(person);
      expect(SlackEvaluationWorld.postedAt(q0).toFormat('yyyy-MM-dd HH:mm')).toBe('2027-02-11 11:31');
      expect(readable(q0)).toContain(`Evaluering: Nysgerrighed · ${person.partnership}`);
      expect(readable(q0)).toContain('Hvor optagede var børnene under besøget?');
      expect(readable(q0)).toContain('Du kan svare og ændre dine svar til og med torsdag den 25. februar 2027.');
      expect(buttonsOf(q0).map((b) => b.text.text)).toEqual(['1', '2', '3', '4', '5']);
    }

    // Three answer by button and are thanked in Danish; the next question follows.
    expect(await w.click(anna, firstQuestion(anna), '4')).toBe('Tak! Dit svar «4» er gemt. Næste spørgsmål kommer her.');
    expect(await w.click(bo, firstQuestion(bo), '5')).toMatch(/^Tak! Dit svar «5» er gemt/);
    expect(await w.click(cille, firstQuestion(cille), '3')).toMatch(/^Tak! Dit svar «3» er gemt/);
    // Three reply in the question's thread (and are answered there), with or without a comment, in digits or words.
    expect(await w.write(dan, '4 - børnene elskede at fodre dyrene', firstQuestion(dan).ts)).toBe('Tak! Dit svar «4» er gemt. Næste spørgsmål kommer her.');
    expect(await w.write(eva, 'fem', firstQuestion(eva).ts)).toMatch(/^Tak! Dit svar «5» er gemt/);
    expect(await w.write(finn, '3 - de var lidt generte i starten', firstQuestion(finn).ts)).toMatch(/^Tak! Dit svar «3» er gemt/);
    // One writes a plain direct message; Hans never answers.
    expect(await w.write(gitte, '4/5')).toMatch(/^Tak! Dit svar «4» er gemt/);

    // The second question reached exactly those who answered the first; two answer it in words.
    expect(w.keyed(/^eval:[^:]+:q1$/).map((m) => ownerOf(m.channel)).sort()).toEqual(PEOPLE.filter((p) => p !== hans).map((p) => p.userId).sort());
    const annaQ1 = w.messageTo(anna, new RegExp(`^eval:${promptId(anna.userId, 'nysgerrighed')}:q1$`));
    expect(readable(annaQ1)).toContain('Hvad blev børnene optaget af?');
    expect(buttonsOf(annaQ1)).toEqual([]);
    expect(await w.write(anna, WRITTEN.Havet![0]!, annaQ1.ts)).toContain('Du har svaret på alle spørgsmål – tak for din tid!');
    expect(await w.write(gitte, WRITTEN.Teatret![0]!)).toContain('Du har svaret på alle spørgsmål');

    const answers = [
      'Anna: optaget-af=Fiskene og lyset i akvariet thread',
      'Anna: optagethed=4 button',
      'Bo: optagethed=5 button',
      'Cille: optagethed=3 button',
      'Dan: optagethed=4 (børnene elskede at fodre dyrene) thread',
      'Eva: optagethed=5 thread',
      'Finn: optagethed=3 (de var lidt generte i starten) thread',
      'Gitte: optaget-af=Kostumerne bag scenen direct',
      'Gitte: optagethed=4 direct',
    ];
    expect(storedAnswers()).toEqual(answers);

    // A pass every half hour, through weekends and nights, until the evaluation has closed: answers
    // are taken through Thursday 25 February (ten working days), and closed at midnight.
    let passes = await halfHours(DateTime.fromISO('2027-02-25T23:30', { zone: ZONE }));
    expect(buttonsOf(firstQuestion(hans))).toHaveLength(5);
    passes += await halfHours(DateTime.fromISO('2027-02-26T00:30', { zone: ZONE }));
    expect(buttonsOf(firstQuestion(hans))).toEqual([]);
    // Meanwhile the silent member got one reminder, on a working day at a sensible hour; nobody else
    // got one, and it was never repeated.
    const nudges = w.keyed(/:nudge$/);
    expect(nudges.map((m) => ownerOf(m.channel))).toEqual([hans.userId]);
    const nudgedAt = SlackEvaluationWorld.postedAt(nudges[0]!);
    expect(nudgedAt.weekday).toBeLessThanOrEqual(5);
    expect(nudgedAt.hour).toBeGreaterThanOrEqual(8);
    expect(nudgedAt.hour).toBeLessThan(17);
    // Asked Thursday 11 February; two working days later is Monday 15 February (the weekend skipped), mid-morning.
    expect(nudgedAt.toFormat('cccc yyyy-MM-dd HH:mm', { locale: 'en' })).toBe('Monday 2027-02-15 10:00');
    const nudgeAsSent = nudges[0]!.edits[0] ?? nudges[0]!;
    expect(readable(nudgeAsSent)).toContain('Påmindelse: Jeg mangler stadig dit svar på evalueringen af *Nysgerrighed · Teatret*');
    expect(buttonsOf(nudgeAsSent).map((b) => b.text.text)).toEqual(['1', '2', '3', '4', '5']);

    // Closing took the buttons off every question and the reminder, showing each person their answer.
    for (const person of PEOPLE) {
      expect(buttonsOf(firstQuestion(person))).toEqual([]);
      expect(readable(firstQuestion(person))).toContain('Evalueringen er lukket.');
    }
    expect(readable(firstQuestion(anna))).toContain('Dit svar: 4');
    expect(readable(firstQuestion(hans))).not.toContain('Dit svar');
    expect(buttonsOf(nudges[0]!)).toEqual([]);

    // The next morning Hans answers after all: with the button from before closing (a stale screen),
    // by message and in the thread. Each is refused in plain Danish, and nothing is stored.
    await w.at(DateTime.fromISO('2027-02-26T09:15', { zone: ZONE }));
    const table = () => JSON.stringify(w.core.db.prepare('SELECT * FROM evaluation_answers ORDER BY prompt_id, question_key').all());
    const before = table();
    const refusal = 'Evalueringen af Nysgerrighed · Teatret er lukket (sidste dag for svar var torsdag den 25. februar 2027), så dit svar er ikke gemt. Tak, fordi du ville svare!';
    const staleButton = buttonsOf({ blocks: firstQuestion(hans).edits[0]!.blocks }).find((b) => b.text.text === '4')!;
    expect(await w.clickRaw(hans, firstQuestion(hans), staleButton)).toBe(refusal);
    expect(await w.write(hans, 'fire')).toBe(refusal);
    expect(await w.write(hans, '4 - de var vilde med det', firstQuestion(hans).ts)).toBe(refusal);
    expect(await w.write(finn, '5', firstQuestion(finn).ts)).toMatch(/^Evalueringen af Nysgerrighed · Kornet er lukket .*så dit svar er ikke gemt/);
    expect(table()).toBe(before);
    expect(storedAnswers()).toEqual(answers);

    // The consultant's view shows exactly those answers: all of them with names, then each
    // partnership's own, and who is missing.
    const view = await w.command('resultater nysgerrighed', CONSULTANT, consultantIm);
    const sections = new Map<string, string>();
    let section = 'I alt';
    for (const line of view.split('\n')) {
      const head = /^\*(.+?)\* – /.exec(line)?.[1];
      if (head && PARTNERSHIPS.some((p) => p.name === head)) section = head;
      sections.set(section, `${sections.get(section) ?? ''}${line}\n`);
    }
    const entries = (name: string) => (sections.get(name)?.match(/«[^»]*» – \p{L}+/gu) ?? []).sort();
    expect(sections.get('I alt')).toContain('7 af 8 har svaret (88 %)');
    expect(sections.get('I alt')).toContain('1: 0 · 2: 0 · 3: 2 · 4: 3 · 5: 2 — gennemsnit 4,0');
    expect(sections.get('I alt')).toContain('Mangler svar: Hans');
    expect(entries('I alt')).toEqual(
      ['«Fiskene og lyset i akvariet» – Anna', '«Kostumerne bag scenen» – Gitte', '«børnene elskede at fodre dyrene» – Dan', '«de var lidt generte i starten» – Finn'].sort(),
    );
    expect(entries('Havet')).toEqual(['«Fiskene og lyset i akvariet» – Anna']);
    expect(entries('Herregården')).toEqual(['«børnene elskede at fodre dyrene» – Dan']);
    expect(entries('Kornet')).toEqual(['«de var lidt generte i starten» – Finn']);
    expect(entries('Teatret')).toEqual(['«Kostumerne bag scenen» – Gitte']);
    expect(sections.get('Havet')).toContain('1: 0 · 2: 0 · 3: 0 · 4: 1 · 5: 1 — gennemsnit 4,5');
    expect(sections.get('Teatret')).toContain('1 af 2 har svaret (50 %)');
    expect(sections.get('Teatret')).toContain('Mangler svar: Hans');

    // The CSV arrives as a file in the consultant's direct conversation: one row per stored answer.
    expect(await w.command('eksport', CONSULTANT, consultantIm)).toBe(
      'Eksporten med 9 svar er på vej som fil i vores direkte samtale (evaluering-smaa-partnerskaber-2027-2027-02-26.csv).',
    );
    const files = w.fake.files(TEAM);
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file.completed).toBe(true);
    expect(file.channels).toEqual([w.im(CONSULTANT)]);
    expect(file.filename).toBe('evaluering-smaa-partnerskaber-2027-2027-02-26.csv');
    const csv = file.content!.toString('utf8');
    expect(csv.startsWith('\uFEFFForløb;Aktivitet;Dato;Partnerskab;Navn;Rolle;Spørgsmål;Svar;Tal;Kommentar;Besvaret;Anonym\r\n')).toBe(true);
    const rows = csv.trimEnd().split('\r\n').slice(1).map((line) => line.split(';'));
    expect(rows.map((r) => `${r[3]}/${r[4]}: ${r[6]!.slice(0, 2)}${r[7]}${r[9] ? ` (${r[9]})` : ''}`).sort()).toEqual(
      [
        'Havet/Anna: 1.4',
        'Havet/Anna: 2.Fiskene og lyset i akvariet',
        'Havet/Bo: 1.5',
        'Herregården/Cille: 1.3',
        'Herregården/Dan: 1.4 (børnene elskede at fodre dyrene)',
        'Kornet/Eva: 1.5',
        'Kornet/Finn: 1.3 (de var lidt generte i starten)',
        'Teatret/Gitte: 1.4',
        'Teatret/Gitte: 2.Kostumerne bag scenen',
      ].sort(),
    );

    // Nothing a partnership wrote shows up in another partnership's channel, nor in the shared one.
    const programme = w.core.repos.programmes.findByName('slack', TEAM, PROGRAMME)!;
    const channelOf = new Map(w.core.repos.partnerships.listForProgramme(programme.id).map((p) => [p.name, p.channelRef!]));
    expect([...channelOf.keys()].sort()).toEqual(PARTNERSHIPS.map((p) => p.name).sort());
    for (const [name, channel] of channelOf) {
      const shown = [...w.fake.messages(TEAM, channel), ...w.fake.ephemerals(TEAM, channel)].map(readable).join('\n');
      expect(shown).toContain(`Velkommen til partnerskabet ${name}`);
      for (const [other, texts] of Object.entries(WRITTEN)) if (other !== name) for (const text of texts) expect(shown, `${other}'s answer in ${name}'s channel`).not.toContain(text);
    }
    const shared = w.fake.messages(TEAM, programme.channelRef!).map(readable).join('\n');
    for (const text of Object.values(WRITTEN).flat()) expect(shared).not.toContain(text);
    // Asked in Herregården's channel, the consultant is shown Herregården's answers only.
    const inHerregaarden = await w.command('resultater nysgerrighed', CONSULTANT, channelOf.get('Herregården')!);
    expect(inHerregaarden).toContain('2 af 2 har svaret (100 %)');
    expect(inHerregaarden).toContain('«børnene elskede at fodre dyrene» – Dan');
    for (const foreign of ['Havet', 'Kornet', 'Teatret', 'Anna', 'Bo', 'Eva', 'Finn', 'Gitte', 'Hans', ...WRITTEN.Havet!, ...WRITTEN.Kornet!, ...WRITTEN.Teatret!]) {
      expect(inHerregaarden).not.toMatch(word(foreign));
    }

    // Nothing failed to reach Slack on the way.
    expect(w.core.db.prepare("SELECT idempotency_key, last_error FROM deliveries WHERE status != 'sent'").all()).toEqual([]);
    console.log(`curiosity visit: ${askedUsers.length} asked, ${answers.length} answers stored, ${passes} half-hourly passes to closing; ${Math.round(performance.now() - started)} ms`);
  });

  it('shows the anonymous closing evaluation without names, in the results view and in the CSV', async () => {
    const started = performance.now();
    // The weeks go by to the closing workshop (Thursday 20 May, 09:00–13:00).
    const workshopDay = DateTime.fromISO('2027-05-20T09:00', { zone: ZONE });
    await mornings(workshopDay);
    await w.at(workshopDay.set({ hour: 13, minute: 1 }));

    // Its evaluation is anonymous and asks the partners, not the consultant who reads it; Havet's leader is not asked.
    const asked = w.keyed(/^eval:[^:]+:q0$/).filter((m) => readable(m).includes('Evaluering: Evaluering af forløbet'));
    expect(asked.map((m) => ownerOf(m.channel)).sort()).toEqual(PEOPLE.map((p) => p.userId).sort());
    const q0 = (person: Person) => w.messageTo(person, new RegExp(`^eval:${promptId(person.userId, 'afslutningsworkshop')}:q0$`));
    expect(readable(q0(anna))).toContain('Dine svar er anonyme');

    // Three answer the first question in its thread: as many as an anonymous result needs.
    const stories: [Person, string][] = [
      [anna, 'Mod til at lade børnene bestemme tempoet'],
      [dan, 'Et nyt blik på vores egen legeplads'],
      [hans, 'Samarbejdet med teatret på tværs af faggrupper'],
    ];
    for (const [person, story] of stories) {
      expect(await w.write(person, story, q0(person).ts)).toBe(`Tak! Dit svar «${story}» er gemt. Næste spørgsmål kommer her.`);
    }
    const texts = stories.map(([, story]) => story);
    const names = [...PEOPLE.map((p) => p.name), LIS.name, ...PEOPLE.map((p) => p.userId), LIS.userId, CONSULTANT];

    const view = await w.command('resultater afslutningsworkshop', CONSULTANT, consultantIm);
    expect(view).toContain('3 af 8 har svaret (38 %)');
    expect(view).toMatch(/· anonym\b/);
    expect(view.match(/«[^»]*»[^\n]*/g)!.sort()).toEqual(texts.map((t) => `«${t}»`).sort());
    for (const name of names) expect(view).not.toMatch(word(name));
    expect(view).not.toContain('Mangler svar');
    // In a partnership's channel it is not shown at all: a partnership's share could single people out.
    const programme = w.core.repos.programmes.findByName('slack', TEAM, PROGRAMME)!;
    const havet = w.core.repos.partnerships.listForProgramme(programme.id).find((p) => p.name === 'Havet')!;
    const inHavet = await w.command('resultater afslutningsworkshop', CONSULTANT, havet.channelRef!);
    expect(inHavet).toContain('Anonym evaluering: vises kun samlet for alle, der blev spurgt.');
    for (const text of texts) expect(inHavet).not.toContain(text);

    expect(await w.command('eksport afslutningsworkshop', CONSULTANT, consultantIm)).toMatch(/^Eksporten med 3 svar er på vej/);
    const file = w.fake.files(TEAM).at(-1)!;
    expect(file.channels).toEqual([w.im(CONSULTANT)]);
    const csv = file.content!.toString('utf8');
    const rows = csv.trimEnd().split('\r\n').slice(1).map((line) => line.split(';'));
    expect(rows.map((r) => r[7]).sort()).toEqual([...texts].sort());
    for (const row of rows) {
      expect(row[1]).toBe('Evaluering af forløbet');
      // Name, role and time of answering are left empty, and the row says it is anonymous.
      expect([row[4], row[5], row[10], row[11]]).toEqual(['', '', '', 'ja']);
    }
    for (const name of names) expect(csv).not.toMatch(word(name));
    console.log(`closing evaluation (anonymous): ${asked.length} asked, ${rows.length} answers; ${Math.round(performance.now() - started)} ms`);
  });
});
