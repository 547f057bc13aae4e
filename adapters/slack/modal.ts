import type { FormField, FormSpec, FormSubmission } from '../../src/commands/types.ts';
import type { Locale } from '../../src/domain/text.ts';
import { clip } from './blocks.ts';

/** Modal limits (https://docs.slack.dev/reference/views/modal-views). */
const TITLE = 24;
const LABEL = 2000;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const OPTIONS = 100;
const METADATA = 3000;

/** Every Tovholder modal's callback_id starts with this; the form id follows. */
export const CALLBACK_PREFIX = 'tovholder:';
/** The action id of the single element in each input block (the block id is the field id). */
const ELEMENT = 'value';

/** Where the answer to a submitted form goes: the conversation the command was typed in. */
export interface FormOrigin {
  channelRef: string | null;
  responseUrl: string | null;
}

interface Metadata extends FormOrigin {
  state: string;
}

/** A core FormSpec as a Slack modal view, remembering its state and where it was opened. */
export function toModal(form: FormSpec, origin: FormOrigin, locale: Locale): Record<string, unknown> {
  const metadata: Metadata = { state: form.state, ...origin };
  let privateMetadata = JSON.stringify(metadata);
  // The response_url is a convenience; the state is not. Drop the URL if both do not fit.
  if (privateMetadata.length > METADATA) privateMetadata = JSON.stringify({ ...metadata, responseUrl: null });
  return {
    type: 'modal',
    callback_id: `${CALLBACK_PREFIX}${form.formId}`,
    title: plain(clip(form.title, TITLE)),
    submit: plain(clip(form.submitLabel, TITLE)),
    close: plain(locale === 'en' ? 'Cancel' : 'Annullér'),
    private_metadata: privateMetadata,
    blocks: form.fields.map(inputBlock),
  };
}

function inputBlock(field: FormField): Record<string, unknown> {
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: plain(clip(field.label, LABEL)),
    ...(field.hint ? { hint: plain(clip(field.hint, LABEL)) } : {}),
    element: element(field),
  };
}

function element(field: FormField): Record<string, unknown> {
  const initial = field.initial;
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'plain_text_input',
        action_id: ELEMENT,
        multiline: field.kind === 'textarea',
        ...(initial ? { initial_value: initial } : {}),
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
      };
    case 'date':
      return { type: 'datepicker', action_id: ELEMENT, ...(initial ? { initial_date: initial } : {}) };
    case 'time':
      return { type: 'timepicker', action_id: ELEMENT, ...(initial ? { initial_time: initial } : {}) };
    case 'users':
      return { type: 'multi_users_select', action_id: ELEMENT, ...(initial ? { initial_users: initial.split(',') } : {}) };
    case 'select': {
      const options = (field.options ?? []).slice(0, OPTIONS).map((o) => ({ text: plain(clip(o.label, OPTION_TEXT)), value: o.value.slice(0, OPTION_VALUE) }));
      const selected = options.find((o) => o.value === initial);
      return { type: 'static_select', action_id: ELEMENT, options, ...(selected ? { initial_option: selected } : {}) };
    }
  }
}

function plain(text: string): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: text || ' ', emoji: true };
}

/** The subset of a view_submission's view that we read. */
export interface SubmittedView {
  callback_id: string;
  private_metadata?: string;
  /** The view as we opened it (Slack sends it back): which blocks are inputs, which are optional. */
  blocks?: { type?: string; block_id?: string; optional?: boolean }[];
  state?: { values?: Record<string, Record<string, SubmittedValue>> };
}

/**
 * The input blocks of a submitted view, in order: the block ids Slack accepts in a
 * `response_action: 'errors'` answer. Without the view's blocks, the submitted values' block ids
 * (Slack sends every input block there), taken as required since we cannot tell.
 */
export function inputBlockIds(view: SubmittedView): { id: string; required: boolean }[] {
  const inputs = (view.blocks ?? []).filter((b) => b.type === 'input' && b.block_id);
  if (inputs.length > 0) return inputs.map((b) => ({ id: b.block_id!, required: b.optional !== true }));
  return Object.keys(view.state?.values ?? {}).map((id) => ({ id, required: true }));
}

interface SubmittedValue {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_option?: { value: string } | null;
  selected_users?: string[];
}

/** Reads a submitted modal back into the core's FormSubmission and where to answer. */
export function fromSubmission(view: SubmittedView): { submission: FormSubmission; origin: FormOrigin } {
  const metadata = parseMetadata(view.private_metadata);
  const values: FormSubmission['values'] = {};
  for (const [blockId, elements] of Object.entries(view.state?.values ?? {})) {
    const entry = elements[ELEMENT] ?? Object.values(elements)[0];
    if (entry) values[blockId] = valueOf(entry);
  }
  return {
    submission: { formId: view.callback_id.slice(CALLBACK_PREFIX.length), state: metadata.state, values },
    origin: { channelRef: metadata.channelRef, responseUrl: metadata.responseUrl },
  };
}

function valueOf(entry: SubmittedValue): string | string[] | undefined {
  if (entry.selected_users) return entry.selected_users;
  if (entry.selected_option !== undefined) return entry.selected_option?.value;
  if (entry.selected_date !== undefined) return entry.selected_date ?? undefined;
  if (entry.selected_time !== undefined) return entry.selected_time ?? undefined;
  return entry.value ?? undefined;
}

function parseMetadata(raw: string | undefined): Metadata {
  try {
    const parsed = JSON.parse(raw ?? '{}') as Partial<Metadata>;
    return { state: String(parsed.state ?? ''), channelRef: parsed.channelRef ?? null, responseUrl: parsed.responseUrl ?? null };
  } catch {
    return { state: '', channelRef: null, responseUrl: null };
  }
}
