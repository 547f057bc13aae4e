import { describe, expect, it } from 'vitest';
import { planMessage } from '../../src/commands/handlers/plan-view.ts';
import { createForm } from '../../src/commands/handlers/programme.ts';
import { handleCommand } from '../../src/commands/router.ts';
import type { StoredActivity } from '../../src/store/activities.ts';
import { consultantCtx as ctx, replyText, testCore } from '../support/core.ts';
import { NETWORK, shapesWorld } from './shapes-fake.ts';

function activity(over: Partial<StoredActivity> & Pick<StoredActivity, 'stepKey' | 'planKey'>): StoredActivity {
  return {
    id: over.planKey, programmeId: 'p', partnershipId: null, kind: 'seminar', audience: { to: 'programme', direct: false }, pairedPartnershipId: null, pairedOrganisationIds: [],
    startsAt: '2027-09-14T07:00:00Z', endsAt: '2027-09-14T13:00:00Z', location: null, format: null, meetingLink: null, window: null, undated: false, pinned: false,
    localDate: '2027-09-14', revision: 1, ...over,
  };
}

describe('plan for a network programme', () => {
  const w = shapesWorld();
  const activities = [
    activity({ stepKey: 'opstart', planKey: 'opstart', format: 'physical', location: 'Odense Congress Center' }),
    activity({ stepKey: 'temamoede-1', planKey: `temamoede-1@${w.nord.id}`, partnershipId: w.nord.id, startsAt: '2027-10-01T07:00:00Z', window: { from: '2027-10-01', to: '2027-12-31' }, undated: true, format: 'virtual', meetingLink: 'https://meet.example/nord' }),
    activity({ stepKey: 'besoeg', planKey: `besoeg@${w.nord.id}#o1`, partnershipId: w.nord.id, kind: 'visit', startsAt: '2027-11-05T08:00:00Z', pairedOrganisationIds: ['o1', 'o3'], undated: true, window: null }),
    activity({ stepKey: 'temamoede-1', planKey: `temamoede-1@${w.syd.id}`, partnershipId: w.syd.id, startsAt: '2027-11-03T08:00:00Z', window: { from: '2027-10-01', to: '2027-12-31' } }),
  ];
  const source = { programme: { timezone: 'Europe/Copenhagen' }, template: NETWORK, groups: w.fake.groups, organisations: w.fake.organisations, activities };

  it('groups the activities by group under the type’s name; a window step without a date says so', () => {
    const text = replyText({ type: 'message', visibility: 'ephemeral', message: planMessage(source, 'Plan for Kvalitet', { locale: 'da', viewpoint: null, showKeys: false }) });
    expect(text).toContain('*Hele forløbet*\n• tirs. 14. sep. 09.00  Fælles opstartsseminar · fysisk, Odense Congress Center');
    expect(text).toContain('*Netværk: Netværk Nord*\n• 4. kvartal 2027 — dato mangler  Temamøde 1 · virtuel, https://meet.example/nord');
    expect(text).toContain('*Netværk: Netværk Syd*\n• ons. 3. nov. 09.00  Temamøde 1');
    // Placed after an undated step, the visit waits too: shown by its provisional date, with who visits whom.
    expect(text).toContain('Kommunebesøg – Hjørring Kommune besøger Brønderslev Kommune');
  });

  it('in English, with the plan keys the consultant types', () => {
    const text = replyText({ type: 'message', visibility: 'ephemeral', message: planMessage(source, 'Plan', { locale: 'en', viewpoint: null, showKeys: true }) });
    expect(text).toContain('*The whole programme*');
    expect(text).toContain(`• Q4 2027 — date missing  Theme meeting 1 · virtual, https://meet.example/nord _(key for move: temamoede-1 Netværk Nord)_`);
    expect(text).toContain('*Network: Netværk Syd*');
  });
});

describe('skabelon for a network template', () => {
  it('shows fixed dates, windows, who each step is for, format and pairs', async () => {
    const { core } = shapesWorld();
    const da = replyText(await handleCommand(core, 'skabelon kvalitet-demo', ctx));
    expect(da).toContain('• *Fælles opstartsseminar* `opstart`\n    14. september · hele forløbet · fysisk, Odense Congress Center · 360 min.');
    expect(da).toContain('• *Temamøde 1* `temamoede-1`\n    4. kvartal, år 1 · datoen sættes inden for perioden (ansvarlig: konsulent) · hvert netværk · virtuel');
    expect(da).toContain('20 arbejdsdage efter Temamøde 1 · hvert netværk');
    expect(da).toContain('organisationerne besøger hinanden parvis');
    expect(da).toContain('ultimo, år 2 · datoen sættes inden for perioden (ansvarlig: konsulent) · styregruppen');
    expect(da).toContain('15. marts, år 3 · styregruppen og udviklingsgruppen · hybrid');
    const en = replyText(await handleCommand(core, 'template kvalitet-demo', { ...ctx, locale: 'en' }));
    expect(en).toContain('14 September · the whole programme · physical, Odense Congress Center');
    expect(en).toContain('Q4, year 1 · the date is set within the period (by: consultant) · each network · virtual');
    expect(en).toContain('the steering group and the development group · hybrid');
    expect(en).toContain('the organisations visit each other in pairs');
  });

  it('names a group the template already calls by its definite form as written, and says how often a series repeats (velfaerdspartnerskab)', async () => {
    const { core } = shapesWorld();
    const da = replyText(await handleCommand(core, 'skabelon velfaerdspartnerskab', ctx));
    expect(da).toContain('• *Kvartalsmøde i koordinationsgruppen* `koordinationsmoede`\n    uge 1, hver 3. måned · koordinationsgruppen · hybrid · 120 min.');
    expect(da).toContain('uge 1, hver måned · følgeforskningen · virtuel');
    expect(da).toContain('uge 1, hvert halve år · kommunestyregruppen');
    expect(da).not.toMatch(/gruppenet|forskningenet/);
  });
});

describe('opret from any template', () => {
  it('offers every registered template in the form, Små Partnerskaber preselected', () => {
    const { core } = shapesWorld();
    const field = createForm(core, 'da').fields.find((f) => f.id === 'template')!;
    expect(field.initial).toBe('smaa-partnerskaber');
    expect(field.options).toEqual([
      { value: 'smaa-partnerskaber', label: 'Små Partnerskaber' },
      { value: 'kl-boernefaellesskaber', label: 'Stærke børnefællesskaber i dagtilbud (KL)' },
      { value: 'kl-digital-udvikling', label: '0-18 år og den digitale udvikling (KL)' },
      { value: 'kl-kvalitet-dagtilbud', label: 'Kvalitet i dagtilbud (KL)' },
      { value: 'velfaerdspartnerskab', label: 'Velfærdspartnerskab (CBS)' },
      { value: 'kvalitet-demo', label: 'Kvalitet i dagtilbud' },
    ]);
  });

  it('takes the template by id or by name, and refuses an unknown one by naming those there are', async () => {
    const { core } = testCore();
    expect(replyText(await handleCommand(core, 'opret "Forløb A" 2027-01-04 Små Partnerskaber', ctx))).toContain('Forløbet *Forløb A* er oprettet');
    expect(core.repos.programmes.listInWorkspace('slack', 'T1').map((p) => p.templateId)).toEqual(['smaa-partnerskaber']);
    expect(replyText(await handleCommand(core, 'opret "Forløb B" 2027-01-04 kage', ctx))).toBe('Ukendt skabelon «kage». Kendte skabeloner: smaa-partnerskaber, kl-boernefaellesskaber, kl-digital-udvikling, kl-kvalitet-dagtilbud, velfaerdspartnerskab.');
    expect(core.repos.programmes.listInWorkspace('slack', 'T1')).toHaveLength(1);
  });
});
