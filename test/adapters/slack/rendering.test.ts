import { describe, expect, it } from 'vitest';
import { coreActionId, escapeMrkdwn, LIMITS, toSlackMessage } from '../../../adapters/slack/blocks.ts';
import { channelNameCandidate, slackChannelName } from '../../../adapters/slack/channel-name.ts';
import { blockErrors } from '../../../adapters/slack/inbound/forms.ts';
import { UserError } from '../../../src/domain/errors.ts';
import { checkActivityDate } from '../../../src/programmes/date-rules.ts';
import { CALLBACK_PREFIX, fromSubmission, inputBlockIds, toModal, type SubmittedView } from '../../../adapters/slack/modal.ts';
import type { FormSpec } from '../../../src/commands/types.ts';
import { mention } from '../../../src/messages/model.ts';
import { InvalidRequestError } from '../../../src/platform/errors.ts';

describe('Block Kit rendering', () => {
  it('renders every block kind of a reminder', () => {
    const rendered = toSlackMessage({
      text: 'Påmindelse: Nysgerrighed',
      blocks: [
        { type: 'header', text: 'Nysgerrighed om 5 dage' },
        { type: 'section', text: 'Børnene besøger *Nordsøen Oceanarium*.', fields: [{ label: 'Hvornår', value: 'mandag 18. januar 09:00' }, { label: 'Hvor', value: 'Hjørring' }] },
        { type: 'divider' },
        { type: 'context', text: `Små Partnerskaber 2027 · ${mention('U0K1')}` },
        { type: 'actions', buttons: [{ actionId: 'eval.answer', label: 'Ja', value: '1', style: 'primary' }, { actionId: 'eval.answer', label: 'Nej', value: '0' }] },
      ],
    });
    expect(rendered.text).toBe('Påmindelse: Nysgerrighed');
    expect(rendered.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Nysgerrighed om 5 dage', emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Børnene besøger *Nordsøen Oceanarium*.' },
        fields: [{ type: 'mrkdwn', text: '*Hvornår*\nmandag 18. januar 09:00' }, { type: 'mrkdwn', text: '*Hvor*\nHjørring' }],
      },
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Små Partnerskaber 2027 · <@U0K1>' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'eval.answer#0', text: { type: 'plain_text', text: 'Ja', emoji: true }, value: '1', style: 'primary' },
          { type: 'button', action_id: 'eval.answer#1', text: { type: 'plain_text', text: 'Nej', emoji: true }, value: '0' },
        ],
      },
    ]);
    // Action ids are unique in the message (Slack refuses duplicates) and map back to the core's id.
    expect(coreActionId('eval.answer#1')).toBe('eval.answer');
    expect(coreActionId('move.confirm')).toBe('move.confirm');
  });

  it("escapes &, < and > everywhere; only the core's own mentions become Slack mentions", () => {
    expect(escapeMrkdwn(`Små & store <3 ${mention('U0K1')} <@U0107> <#C123> <!here> <https://kommune.dk|kommunen>`)).toBe(
      'Små &amp; store &lt;3 <@U0K1> &lt;@U0107&gt; &lt;#C123&gt; &lt;!here&gt; &lt;https://kommune.dk|kommunen&gt;',
    );
  });

  it('splits long text and many fields instead of breaking Slack limits', () => {
    const line = 'æøå '.repeat(50);
    const text = Array.from({ length: 40 }, () => line).join('\n');
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `Felt ${i}`, value: 'x'.repeat(2500) }));
    const rendered = toSlackMessage({ text, blocks: [{ type: 'section', text, fields }] });
    const sections = rendered.blocks.filter((b) => b.type === 'section') as { text?: { text: string }; fields?: { text: string }[] }[];
    for (const s of sections) {
      expect((s.text?.text ?? '').length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((s.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of s.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    expect(sections.flatMap((s) => (s.text ? [s.text.text] : [])).join('\n')).toBe(text);
    expect(sections.flatMap((s) => s.fields ?? [])).toHaveLength(23);
    expect(rendered.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  });

  it('clips headers and button labels, caps blocks at 50, and refuses a button value over 2000', () => {
    const rendered = toSlackMessage({
      text: 't',
      blocks: [{ type: 'header', text: 'Æ'.repeat(200) }, ...Array.from({ length: 60 }, () => ({ type: 'divider' as const })), { type: 'actions', buttons: [{ actionId: 'a', label: 'L'.repeat(100), value: 'v' }] }],
    });
    expect(((rendered.blocks[0] as unknown as { text: { text: string } }).text.text).length).toBe(LIMITS.headerText);
    expect(rendered.blocks).toHaveLength(LIMITS.blocks);
    expect(() => toSlackMessage({ text: 't', blocks: [{ type: 'actions', buttons: [{ actionId: 'a', label: 'x', value: 'v'.repeat(2001) }] }] })).toThrow(InvalidRequestError);
    const many = toSlackMessage({ text: 't', blocks: [{ type: 'actions', buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: 'a', label: `${i}`, value: `${i}` })) }] });
    expect(many.blocks.map((b) => (b.elements as unknown[]).length)).toEqual([25, 5]);
  });
});

describe('modals', () => {
  const form: FormSpec = {
    formId: 'programme.create',
    title: 'Opret forløb fra en skabelon med workshops',
    submitLabel: 'Opret',
    state: 'p1',
    fields: [
      { id: 'name', label: 'Navn', kind: 'text', required: true },
      { id: 'start', label: 'Start', kind: 'date', required: true, initial: '2027-01-04' },
      { id: 'time', label: 'Tid', kind: 'time', required: false },
      { id: 'template', label: 'Skabelon', kind: 'select', required: true, initial: 'b', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
      { id: 'staff', label: 'Pædagoger', kind: 'users', required: false },
      { id: 'notes', label: 'Noter', kind: 'textarea', required: false, hint: 'Valgfrit' },
    ],
  };

  it('builds a modal with Slack elements per field kind and a title of at most 24 characters', () => {
    const view = toModal(form, { channelRef: 'C1', responseUrl: 'http://x/r' }, 'da') as Record<string, any>;
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.callback_id).toBe(`${CALLBACK_PREFIX}programme.create`);
    expect(view.close.text).toBe('Annullér');
    expect(view.blocks.map((b: any) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['name', 'plain_text_input', false],
      ['start', 'datepicker', false],
      ['time', 'timepicker', true],
      ['template', 'static_select', false],
      ['staff', 'multi_users_select', true],
      ['notes', 'plain_text_input', true],
    ]);
    expect(view.blocks[1].element.initial_date).toBe('2027-01-04');
    expect(view.blocks[3].element.initial_option.value).toBe('b');
    expect(view.blocks[5].element.multiline).toBe(true);
  });

  it('reads a submission back into the core form values and its origin', () => {
    const view = toModal(form, { channelRef: 'C1', responseUrl: 'http://x/r' }, 'en') as Record<string, any>;
    const { submission, origin } = fromSubmission({
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          name: { value: { type: 'plain_text_input', value: 'Små Partnerskaber' } },
          start: { value: { type: 'datepicker', selected_date: '2027-01-04' } },
          time: { value: { type: 'timepicker', selected_time: null } },
          template: { value: { type: 'static_select', selected_option: { value: 'a' } } },
          staff: { value: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
        },
      },
    });
    expect(submission).toEqual({ formId: 'programme.create', state: 'p1', values: { name: 'Små Partnerskaber', start: '2027-01-04', time: undefined, template: 'a', staff: ['U1', 'U2'] } });
    expect(origin).toEqual({ channelRef: 'C1', responseUrl: 'http://x/r' });
  });
});

describe('modal refusals as per-block errors', () => {
  const form: FormSpec = {
    formId: 'programme.create',
    title: 'Opret forløb',
    submitLabel: 'Opret',
    state: '',
    fields: [
      { id: 'name', label: 'Navn', kind: 'text', required: true },
      { id: 'start', label: 'Start', kind: 'date', required: true },
      { id: 'notes', label: 'Noter', kind: 'textarea', required: false },
      { id: 'kickoff', label: 'Opstart', kind: 'date', required: false },
    ],
  };
  const view = toModal(form, { channelRef: null, responseUrl: null }, 'da') as unknown as SubmittedView;
  const submission = (values: Record<string, string | undefined>) => ({ formId: form.formId, state: '', values });

  it('reads the input blocks of the view, or of the submitted values when Slack sent no blocks', () => {
    expect(inputBlockIds(view)).toEqual([
      { id: 'name', required: true },
      { id: 'start', required: true },
      { id: 'notes', required: false },
      { id: 'kickoff', required: false },
    ]);
    expect(inputBlockIds({ callback_id: 'x', state: { values: { a: {}, b: {} } } })).toEqual([{ id: 'a', required: true }, { id: 'b', required: true }]);
  });

  it('puts a refusal on the field it is about, and anything else on the first field', () => {
    expect(blockErrors(view, submission({ name: ' ', start: '2027-01-04', notes: ' ' }), 'Skal udfyldes.', 'form_required')).toEqual({ name: 'Skal udfyldes.' });
    expect(blockErrors(view, submission({ name: 'A', start: '2027-02-31', kickoff: '2027-02-01' }), 'ugyldig', 'invalid_date')).toEqual({ start: 'ugyldig' });
    expect(blockErrors(view, submission({ name: 'A', start: '2027-01-04', kickoff: '2027-13-01' }), 'ugyldig', 'invalid_date')).toEqual({ kickoff: 'ugyldig' });
    // A real date the core's rules refuse (a Saturday; in the past; out of range) is shown on its own field.
    const rules = { startDate: '2027-01-04', timezone: 'Europe/Copenhagen', settings: { blackouts: [], closedOnCustomaryDaysOff: true } };
    const today = new Date('2027-01-20T12:00:00Z');
    for (const [kickoff, code] of [['2027-02-06', 'not_working_day'], ['2027-01-11', 'date_in_past'], ['2031-01-06', 'date_out_of_range']] as const) {
      const refusal = refusalOf(() => checkActivityDate(rules, kickoff, today));
      expect(refusal.code).toBe(code);
      for (const locale of ['da', 'en'] as const) {
        expect(blockErrors(view, submission({ name: 'A', start: '2027-01-04', kickoff }), refusal.in(locale), refusal.code)).toEqual({ kickoff: refusal.in(locale) });
      }
    }
    expect(blockErrors(view, submission({ name: 'A' }), 'findes', 'programme_exists')).toEqual({ name: 'findes' });
    // No template field in this form: the refusal still shows, on the first field.
    expect(blockErrors(view, submission({ name: 'A' }), 'ukendt skabelon', 'unknown_template')).toEqual({ name: 'ukendt skabelon' });
    expect(blockErrors(view, submission({ start: '2027-01-04' }), 'Kun konsulenten', 'not_consultant')).toEqual({ name: 'Kun konsulenten' });
    expect(blockErrors({ callback_id: 'x' }, submission({}), 'x', 'not_consultant')).toEqual({});
  });
});

describe('channel names', () => {
  it('spells out æ, ø and å and keeps only what Slack allows', () => {
    expect(slackChannelName('Små Partnerskaber 2027 Havet')).toBe('smaa-partnerskaber-2027-havet');
    expect(slackChannelName('Ærø Øster Å')).toBe('aeroe-oester-aa');
    expect(slackChannelName('Café «Børn & Kunst»!')).toBe('cafe-boern-kunst');
    expect(slackChannelName('under_score--and  spaces')).toBe('under_score-and-spaces');
    expect(slackChannelName('!!!')).toBe('tovholder');
    for (const name of ['Små Partnerskaber 2027 Havet', 'ÆØÅ æøå', 'Ünïcødé ñ']) expect(slackChannelName(name)).toMatch(/^[a-z0-9_-]{1,80}$/);
  });

  it('stays within 80 characters, also with a collision suffix', () => {
    const long = slackChannelName(`Små Partnerskaber ${'Hjørring '.repeat(20)}`);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).not.toMatch(/-$/);
    expect(channelNameCandidate(long, 1)).toBe(long);
    const second = channelNameCandidate(long, 2);
    expect(second.length).toBeLessThanOrEqual(80);
    expect(second).toMatch(/-2$/);
    expect(channelNameCandidate('havet', 12)).toBe('havet-12');
  });
});

/** The UserError a check throws (the test fails if it throws none). */
function refusalOf(check: () => void): UserError {
  try {
    check();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
