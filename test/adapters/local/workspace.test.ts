import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_REF, GENERAL_CHANNEL } from '../../../adapters/local/directory.ts';
import { LocalStore } from '../../../adapters/local/store.ts';
import { escapeMentions, LocalRequestError } from '../../../adapters/local/workspace.ts';
import { PEOPLE } from '../../../adapters/local/directory.ts';
import { channelNamed, localHarness, visibleText, type LocalHarness } from './harness.ts';

const mette = 'U-mette';
const sofie = 'U-sofie';
const anders = 'U-anders';

describe('the local workspace through the core', () => {
  let h: LocalHarness;
  beforeEach(async () => {
    h = await localHarness();
  });
  afterEach(() => h.close());

  async function createWithPartnership(): Promise<void> {
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder opret "Forløb 2027" 2027-01-04' });
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud' });
    await h.workspace.settle();
  }

  it('turns @handles into mentions the core understands, and leaves e-mail addresses alone', () => {
    expect(escapeMentions('@sofie=dagtilbud og @Anders', PEOPLE)).toBe('<@U-sofie|sofie>=dagtilbud og <@U-anders|anders>');
    expect(escapeMentions('sofie@hjoerring.example @ukendt', PEOPLE)).toBe('sofie@hjoerring.example @ukendt');
  });

  it('answers a command only to the person who typed it', async () => {
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder hjælp' });
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toContain('/tovholder');
    expect(visibleText(h, GENERAL_CHANNEL, sofie)).toBe('');
    const [reply] = h.adapter.store.messagesFor(GENERAL_CHANNEL, mette);
    expect(reply).toMatchObject({ authorRef: BOT_REF, visibleTo: mette, note: '/tovholder hjælp' });

    h.workspace.dismiss({ as: sofie, messageRef: reply!.ref });
    expect(h.adapter.store.message(reply!.ref)).toBeDefined();
    h.workspace.dismiss({ as: mette, messageRef: reply!.ref });
    expect(h.adapter.store.message(reply!.ref)).toBeUndefined();
  });

  it('creates a programme and a partnership by command; the outbox creates the channels and invites', async () => {
    await createWithPartnership();
    const shared = channelNamed(h, mette, 'forløb-2027');
    const havet = channelNamed(h, mette, 'forløb-2027-havet');
    expect(shared && havet).toBeTruthy();
    expect(h.adapter.store.members(havet!.ref).sort()).toEqual([BOT_REF, anders, mette, sofie].sort());
    expect(channelNamed(h, sofie, 'forløb-2027-havet')?.ref).toBe(havet!.ref);
    expect(channelNamed(h, 'U-jens', 'forløb-2027-havet')).toBeUndefined();
    expect(visibleText(h, havet!.ref, sofie)).toContain('Velkommen til partnerskabet Havet');
    // Nothing is special-cased: it all went through the outbox.
    const statuses = h.core.db.prepare("SELECT status, COUNT(*) AS n FROM deliveries WHERE platform = 'local' GROUP BY status").all();
    expect(statuses).toEqual([{ status: 'sent', n: expect.any(Number) }]);
  });

  it('shows a form reply as a form, and submitting it reaches the core', async () => {
    const reply = await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder opret' });
    expect(reply.form?.formId).toBe('programme.create');
    await h.workspace.form({ as: mette, channel: GENERAL_CHANNEL, formId: reply.form!.formId, state: reply.form!.state, values: { name: 'Fra formularen', start: '2027-01-04', template: 'smaa-partnerskaber' } });
    await h.workspace.settle();
    expect(channelNamed(h, mette, 'fra-formularen')).toBeDefined();
  });

  it('runs the move preview and its Flyt button', async () => {
    await createWithPartnership();
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder flyt nysgerrighed Havet 2027-02-24 10:00' });
    const preview = h.adapter.store.messagesFor(GENERAL_CHANNEL, mette).at(-1)!;
    const actions = preview.blocks?.find((b) => b.type === 'actions');
    const confirm = actions?.type === 'actions' ? actions.buttons.find((b) => b.label === 'Flyt') : undefined;
    expect(confirm).toBeDefined();
    await expect(h.workspace.action({ as: sofie, channel: GENERAL_CHANNEL, messageRef: preview.ref, actionId: confirm!.actionId, value: confirm!.value })).rejects.toThrow(LocalRequestError);
    await h.workspace.action({ as: mette, channel: GENERAL_CHANNEL, messageRef: preview.ref, actionId: confirm!.actionId, value: confirm!.value });
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toMatch(/er flyttet/);
  });

  it('passes direct messages and thread replies to the core, but not channel chatter', async () => {
    await createWithPartnership();
    const havet = channelNamed(h, mette, 'forløb-2027-havet')!;
    await h.workspace.send({ as: sofie, channel: havet.ref, text: 'Hej @anders, skal vi mødes?' });
    const chatter = h.adapter.store.messagesFor(havet.ref, sofie).at(-1)!;
    expect(chatter).toMatchObject({ authorRef: sofie, text: 'Hej <@U-anders|anders>, skal vi mødes?' });
    expect(h.adapter.store.messagesFor(havet.ref, sofie).at(-1)!.ref).toBe(chatter.ref);

    const dm = h.workspace.directChannel(sofie);
    await h.workspace.send({ as: sofie, channel: dm.ref, text: 'plan mine' });
    const answer = h.adapter.store.messagesFor(dm.ref, sofie).at(-1)!;
    expect(answer).toMatchObject({ authorRef: BOT_REF, visibleTo: null });
    expect(visibleText(h, dm.ref, sofie)).toMatch(/Nysgerrighed/);
  });

  it('refuses people who are not in the conversation, and unknown people', async () => {
    await createWithPartnership();
    const havet = channelNamed(h, mette, 'forløb-2027-havet')!;
    await expect(h.workspace.send({ as: 'U-jens', channel: havet.ref, text: 'hej' })).rejects.toMatchObject({ status: 403 });
    await expect(h.workspace.send({ as: BOT_REF, channel: GENERAL_CHANNEL, text: 'hej' })).rejects.toMatchObject({ status: 400 });
    await expect(h.workspace.send({ as: 'U-jens', channel: 'D-U-sofie', text: 'hej' })).rejects.toMatchObject({ status: 403 });
  });

  it('seeds the demo: the Små Partnerskaber programme with the seed’s four partnerships', async () => {
    await h.workspace.send({ as: sofie, channel: GENERAL_CHANNEL, text: '/tovholder demo' });
    await h.workspace.settle();
    const [programme] = h.core.repos.programmes.listInWorkspace('local', 'local');
    expect(programme).toMatchObject({ name: 'Små Partnerskaber Hjørring', startDate: '2026-11-30', templateId: 'smaa-partnerskaber', createdBy: mette });
    const partnerships = h.core.repos.partnerships.listForProgramme(programme!.id);
    expect(partnerships.map((p) => p.culturalInstitution)).toEqual(['Nordsøen Oceanarium', 'Herregården Odden', 'Kornets Hus', 'Vendsyssel Teater']);
    expect(partnerships[0]!.daycare).toBe('Børnehaven Bjørnen');
    expect(h.adapter.store.channelsOf(mette).filter((c) => c.name.startsWith('små-partnerskaber-hjørring'))).toHaveLength(5);
    expect(visibleText(h, GENERAL_CHANNEL, sofie)).toContain('er oprettet');

    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder demo 2027-02-01' });
    expect(h.core.repos.programmes.listInWorkspace('local', 'local').map((p) => p.name)).toEqual(['Små Partnerskaber Hjørring', 'Små Partnerskaber Hjørring (2)']);
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder demo 2027-02-31' });
    expect(visibleText(h, GENERAL_CHANNEL, mette)).toContain('ikke en gyldig dato');
  });

  it('keeps the workspace across a restart (same database file)', async () => {
    await createWithPartnership();
    const before = h.adapter.store.channelsOf(sofie).map((c) => c.name);
    const reopened = LocalStore.open(h.dbPath, h.core.clock);
    expect(reopened.channelsOf(sofie).map((c) => c.name)).toEqual(before);
    expect(reopened.messagesFor(channelNamed(h, sofie, 'havet')!.ref, sofie).length).toBeGreaterThan(0);
    reopened.close();
  });
});
