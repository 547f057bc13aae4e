import { z } from 'zod';

/**
 * The shape Bolt relies on before any listener runs (App.processEvent, getTypeAndConversation,
 * buildSource in @slack/bolt 5): it reads `body.event.channel.id`, `body.user.id`, `body.view`,
 * `body.authorizations[0].team_id` and so on without checking. A correctly signed body without them
 * (`null`, `payload=null`, an event or user of null) made Bolt throw: an exit or a 500. Fields are only
 * checked where Bolt dereferences them; everything else passes as Slack sent it.
 */
const object = z.looseObject({});
const withId = z.looseObject({ id: z.string() });
const optionalText = z.string().optional();

const eventCallback = z.looseObject({
  event: z.looseObject({
    type: z.string(),
    channel: z.union([z.string(), withId]).optional(),
    item: object.optional(),
    subteam: object.optional(),
    user: z.union([z.string(), withId]).optional(),
  }),
  authorizations: z.array(object).optional(),
  team_id: optionalText,
  enterprise_id: optionalText.nullable(),
});

const slashCommand = z.looseObject({
  command: z.string(),
  text: optionalText,
  user_id: z.string(),
  team_id: z.string(),
  channel_id: optionalText,
  enterprise_id: optionalText,
  response_url: optionalText,
  trigger_id: optionalText,
});

/** Buttons, menus, shortcuts and modals: Bolt reads the user's id, and team or enterprise when set. */
const interactive = z.looseObject({
  type: z.string(),
  user: withId,
  team: withId.nullable().optional(),
  enterprise: withId.nullable().optional(),
  channel: withId.optional(),
  actions: z.array(object).optional(),
  view: object.optional(),
});
/**
 * A submitted modal as the view listener reads it (adapters/slack/modal.ts): `state.values` maps block
 * ids to elements to values, as Slack documents it.
 */
const submittedView = z.looseObject({
  callback_id: z.string(),
  private_metadata: optionalText,
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), object)) }).optional(),
  blocks: z.array(object).optional(),
});
const viewAction = interactive.extend({ view: submittedView });
/** A button click: the listener reads where it was clicked from `container`, which Slack always sends. */
const blockAction = interactive.extend({ container: object, actions: z.array(object) });

/** Payload types Bolt routes to action, options or shortcut listeners. */
const INTERACTIVE_TYPES = new Set(['block_actions', 'interactive_message', 'dialog_submission', 'block_suggestion', 'shortcut', 'message_action']);

/** Why a parsed, correctly signed body is not one Bolt can handle (null if it is). */
export function malformedReason(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, not an object`;
  const b = body as Record<string, unknown>;
  // Bolt answers these itself, before any listener.
  if (b.ssl_check === '1' || b.type === 'url_verification') return null;
  const schema = schemaFor(b);
  if (!schema) return 'not a Slack event, command or interaction';
  const parsed = schema.safeParse(b);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** The same decision Bolt's getTypeAndConversation makes, so the check matches what Bolt will read. */
function schemaFor(b: Record<string, unknown>): z.ZodType | null {
  if (b.event !== undefined) return eventCallback;
  if (b.command !== undefined) return slashCommand;
  if (b.type === 'view_submission' || b.type === 'view_closed') return viewAction;
  if (b.type === 'block_actions') return blockAction;
  if (b.name !== undefined || b.actions !== undefined || INTERACTIVE_TYPES.has(b.type as string)) return interactive;
  return null;
}
