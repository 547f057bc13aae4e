/**
 * Core forms (FormSpec) as Adaptive Card forms, and their submissions back. Teams has no modals a bot
 * can open from a typed message, so a form is a card in the conversation; Action.Submit sends the
 * inputs together with {formId, state}.
 */
import type { FormField, FormSpec, FormSubmission } from '../../src/commands/types.ts';
import { ADAPTIVE_CARD, adaptiveCard } from './cards.ts';
import type { Json } from './connector.ts';

/** People pickers answer with AAD object ids: the submission names which fields need resolving. */
const USER_FIELDS = 'userFields';

export function formActivity(form: FormSpec, fallbackText: string): Json {
  const body: Json[] = [{ type: 'TextBlock', text: form.title, size: 'Large', weight: 'Bolder', wrap: true }, ...form.fields.map(input)];
  const userFields = form.fields.filter((f) => f.kind === 'users').map((f) => f.id);
  const submit = { type: 'Action.Submit', title: form.submitLabel, style: 'positive', data: { formId: form.formId, state: form.state, [USER_FIELDS]: userFields } };
  return {
    type: 'message',
    summary: form.title,
    attachments: [{ contentType: ADAPTIVE_CARD, content: adaptiveCard(body, fallbackText, [], [submit]) }],
  };
}

function input(field: FormField): Json {
  const common = {
    id: field.id,
    label: field.label,
    isRequired: field.required,
    ...(field.required ? { errorMessage: field.label } : {}),
    ...(field.hint ? { placeholder: field.hint } : {}),
    ...(field.initial ? { value: field.initial } : {}),
  };
  switch (field.kind) {
    case 'text':
      return { type: 'Input.Text', ...common, ...(field.maxLength ? { maxLength: field.maxLength } : {}) };
    case 'textarea':
      return { type: 'Input.Text', isMultiline: true, ...common, ...(field.maxLength ? { maxLength: field.maxLength } : {}) };
    case 'date':
      return { type: 'Input.Date', ...common };
    case 'time':
      return { type: 'Input.Time', ...common };
    case 'select':
      return { type: 'Input.ChoiceSet', style: 'compact', choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })), ...common };
    case 'users':
      // Teams' people picker: searches the organisation's directory.
      return { type: 'Input.ChoiceSet', isMultiSelect: true, 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' }, choices: [], ...common };
  }
}

/** Whether an Action.Submit value is a form submission (rather than a button). */
export function isFormValue(value: unknown): value is Json & { formId: string } {
  return !!value && typeof value === 'object' && typeof (value as Json).formId === 'string';
}

/**
 * The submitted values. People-picker fields hold comma-separated AAD object ids; `resolveUser` turns
 * each into the Bot Framework user id the core knows people by.
 */
export async function parseSubmission(value: Json & { formId: string }, resolveUser: (aadObjectId: string) => Promise<string>): Promise<FormSubmission> {
  const userFields = new Set(Array.isArray(value[USER_FIELDS]) ? (value[USER_FIELDS] as unknown[]).map(String) : []);
  const values: FormSubmission['values'] = {};
  for (const [key, raw] of Object.entries(value)) {
    if (key === 'formId' || key === 'state' || key === USER_FIELDS || raw === undefined || raw === null) continue;
    const text = String(raw);
    values[key] = userFields.has(key) ? await Promise.all(text.split(',').map((s) => s.trim()).filter(Boolean).map(resolveUser)) : text;
  }
  return { formId: value.formId, state: typeof value.state === 'string' ? value.state : '', values };
}
