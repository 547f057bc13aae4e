import { defuseMessage, MENTION_PATTERN, type Block, type Button, type Field, type RichMessage } from '../../src/messages/model.ts';
import { InvalidRequestError } from '../../src/platform/errors.ts';

/** Block Kit limits that Danish texts actually reach (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextText: 3000,
  buttonsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  fallbackText: 3900,
} as const;

/** What chat.postMessage / chat.update / respond() take. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock = Record<string, unknown> & { type: string };

/** Separates the core's action id from the index that makes it unique within the message. */
const ACTION_SEPARATOR = '#';

/** Renders a core message as Block Kit, splitting what is too long instead of letting Slack refuse it. */
export function toSlackMessage(core: RichMessage): SlackMessage {
  const message = defuseMessage(core);
  const counter = { button: 0 };
  let blocks = message.blocks.flatMap((block) => renderBlock(block, counter));
  if (blocks.length > LIMITS.blocks) {
    blocks = [...blocks.slice(0, LIMITS.blocks - 1), { type: 'context', elements: [mrkdwn('…')] }];
  }
  return { text: clip(escapeMrkdwn(message.text), LIMITS.fallbackText), blocks };
}

function renderBlock(block: Block, counter: { button: number }): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: { type: 'plain_text', text: clip(plainText(block.text) || ' ', LIMITS.headerText), emoji: true } }];
    case 'section':
      return renderSection(block.text, block.fields ?? []);
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(clip(escapeMrkdwn(block.text || ' '), LIMITS.contextText))] }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return chunks(block.buttons, LIMITS.buttonsPerBlock).map((buttons) => ({
        type: 'actions',
        elements: buttons.map((button) => renderButton(button, counter.button++)),
      }));
  }
}

/** Long text becomes several sections (split at line breaks); more than ten fields, several sections. */
function renderSection(text: string, fields: Field[]): SlackBlock[] {
  const texts = text.trim() ? splitText(escapeMrkdwn(text), LIMITS.sectionText) : [];
  const fieldGroups = chunks(fields, LIMITS.fields).map((group) =>
    group.map((f) => mrkdwn(clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText))),
  );
  const blocks: SlackBlock[] = texts.map((part) => ({ type: 'section', text: mrkdwn(part) }));
  if (fieldGroups.length > 0 && blocks.length > 0) blocks[blocks.length - 1]!.fields = fieldGroups.shift();
  for (const group of fieldGroups) blocks.push({ type: 'section', fields: group });
  return blocks.length > 0 ? blocks : [{ type: 'section', text: mrkdwn(' ') }];
}

function renderButton(button: Button, index: number): SlackBlock {
  if (button.value.length > LIMITS.buttonValue) {
    // Clipping would corrupt the value the core needs back; refuse loudly instead.
    throw new InvalidRequestError(`button "${button.actionId}" carries ${button.value.length} characters; Slack allows ${LIMITS.buttonValue}`);
  }
  const suffix = `${ACTION_SEPARATOR}${index}`;
  return {
    type: 'button',
    action_id: `${button.actionId.slice(0, LIMITS.actionId - suffix.length)}${suffix}`,
    text: { type: 'plain_text', text: clip(plainText(button.label), LIMITS.buttonText), emoji: true },
    value: button.value,
    ...(button.style ? { style: button.style } : {}),
  };
}

/** The core's action id of a rendered button (without the index that made it unique). */
export function coreActionId(slackActionId: string): string {
  const at = slackActionId.lastIndexOf(ACTION_SEPARATOR);
  return at > 0 && /^\d+$/.test(slackActionId.slice(at + 1)) ? slackActionId.slice(0, at) : slackActionId;
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text };
}

/**
 * Escapes &, < and > as Slack's mrkdwn requires, everywhere: the core never writes Slack tokens
 * itself, so `<!channel>`, `<@U1>` or `<https://…|…>` in a text came from a user (a name, a place, an
 * answer) and is shown, not obeyed. The core's own mentions (mention() in src/messages/model.ts)
 * become `<@U1>` here, and only they.
 */
export function escapeMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(MENTION_PATTERN)) {
    out += escapeRaw(text.slice(last, match.index)) + `<@${escapeRaw(match[1]!)}>`;
    last = match.index + match[0].length;
  }
  return out + escapeRaw(text.slice(last));
}

/**
 * For plain_text, where Slack parses nothing: a core mention shows as @id, and a `<` before `!`, `@` or
 * `#` gets an invisible word joiner, so not even a client that did parse could read a token.
 */
function plainText(text: string): string {
  return text.replace(/<(?=[!@#])/g, '<\u2060').replace(MENTION_PATTERN, '@$1');
}

function escapeRaw(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts text to `max` characters, marking the cut with an ellipsis. Lengths are UTF-16 units, as Slack
 * counts them: a name of 1,600 emoji is 1,600 code points but 3,200 units, and Slack refused its
 * section. The cut never splits an emoji's surrogate pair.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, safeCut(text, max - 1))}…`;
}

/** `at`, or one less if `at` would split a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Pieces of at most `max` UTF-16 units, cut between code points. */
function pieces(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const at = safeCut(rest, max);
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return [...out, rest];
}

/** Splits text into parts of at most `max` characters, at line breaks where possible. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of pieces(line, max)) {
      if (current && current.length + 1 + piece.length > max) {
        parts.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current.trim()) parts.push(current);
  return parts;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
