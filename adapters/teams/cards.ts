/**
 * Core messages as Teams activities: an Adaptive Card (v1.5) with a plain-text fallback, or a plain
 * markdown text for one-paragraph replies. The core's mentions (mention() in src/messages/model.ts)
 * become `<at>Name</at>` plus a mention entity, so Teams notifies the person; an `<at>`, an HTML tag or
 * an entity anywhere else came from a user and is defused (neutralize).
 */
import { defuseMessage, MENTION_PATTERN, type Block, type Button, type RichMessage } from '../../src/messages/model.ts';
import type { Json } from './connector.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MENTION = MENTION_PATTERN;
/** U+2060 WORD JOINER: invisible, and after `<` or `&` no tag or entity can start. */
const JOINER = '\u2060';

/** A user's display name for a mention (the store's, else what the core knows, else the id). */
export type NameOf = (userRef: string) => string;

export interface Mention {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * Teams reads `<at>`, HTML tags and entities in message text and (on some clients) in card text. Text
 * from the core never holds them except as mentions, so each `<` before a letter, `/`, `!` or `?` and
 * each `&` before a name or `#` gets a word joiner: shown the same, parsed as nothing.
 */
export function neutralize(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, `<${JOINER}`).replace(/&(?=#|[A-Za-z]+;)/g, `&${JOINER}`);
}

/** Replaces the core's mentions with `<at>Name</at>` and collects one entity per person; defuses the rest. */
export function withMentions(text: string, nameOf: NameOf, into: Map<string, Mention>): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    out += neutralize(text.slice(last, match.index)) + atMention(match[1]!, nameOf, into);
    last = match.index + match[0].length;
  }
  return out + neutralize(text.slice(last));
}

function atMention(id: string, nameOf: NameOf, into: Map<string, Mention>): string {
  const name = (nameOf(id) || id).replace(/[<>&]/g, '');
  const at = `<at>${name}</at>`;
  if (!into.has(id)) into.set(id, { type: 'mention', text: at, mentioned: { id, name } });
  return at;
}

/** The core's *bold* is markdown's **bold**; _italic_ is the same in both. */
export function toMarkdown(text: string): string {
  return text.replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?=[^*\w]|$)/g, '$1**$2**');
}

/** The plain fallback: no markup, mentions as names. */
export function toPlain(text: string, nameOf: NameOf): string {
  return neutralize(text).replace(MENTION, (_all, id: string) => nameOf(id) || id).replace(/(^|\W)[*_](?=\S)([^*_\n]+?)[*_](?=\W|$)/g, '$1$2');
}

/** A message the core built from one paragraph goes out as text; anything richer as a card. */
export function isPlain(message: RichMessage): boolean {
  const [only, ...rest] = message.blocks;
  return rest.length === 0 && (!only || (only.type === 'section' && !only.fields?.length && only.text === message.text));
}

export function toActivity(core: RichMessage, nameOf: NameOf): Json {
  const message = defuseMessage(core);
  const mentions = new Map<string, Mention>();
  if (isPlain(message)) {
    const text = withMentions(toMarkdown(message.text), nameOf, mentions).replace(/\n/g, '\n\n');
    return { type: 'message', text, textFormat: 'markdown', ...(mentions.size ? { entities: [...mentions.values()] } : {}) };
  }
  const body = renderBlocks(message.blocks, nameOf, mentions);
  const fallback = toPlain(message.text, nameOf);
  const card = adaptiveCard(body, fallback, [...mentions.values()]);
  return {
    type: 'message',
    summary: fallback.slice(0, 250),
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
    ...(mentions.size ? { entities: [...mentions.values()] } : {}),
  };
}

export function adaptiveCard(body: Json[], fallbackText: string, mentions: Mention[] = [], actions: Json[] = []): Json {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full', ...(mentions.length ? { entities: mentions } : {}) },
  };
}

function renderBlocks(blocks: Block[], nameOf: NameOf, mentions: Map<string, Mention>): Json[] {
  const body: Json[] = [];
  let separator = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separator = true;
      continue;
    }
    const element = renderBlock(block, (text) => withMentions(toMarkdown(text), nameOf, mentions));
    body.push(separator ? { ...element, separator: true, spacing: 'Medium' } : element);
    separator = false;
  }
  return body;
}

function renderBlock(block: Exclude<Block, { type: 'divider' }>, md: (text: string) => string): Json {
  switch (block.type) {
    case 'header':
      return { type: 'TextBlock', text: md(block.text), size: 'Large', weight: 'Bolder', wrap: true };
    case 'context':
      return lines(md(block.text), { size: 'Small', isSubtle: true });
    case 'section': {
      const items: Json[] = [lines(md(block.text), {})];
      if (block.fields?.length) items.push({ type: 'FactSet', facts: block.fields.map((f) => ({ title: md(f.label), value: md(f.value) })) });
      return { type: 'Container', items };
    }
    case 'actions':
      return { type: 'ActionSet', actions: block.buttons.map(submitButton) };
  }
}

/**
 * One TextBlock per line: Teams does not reliably break lines inside a TextBlock, and a paragraph
 * break per line would space lists out.
 */
function lines(text: string, style: Json): Json {
  const items = text.split('\n').map((line, i) => ({ type: 'TextBlock', text: line || ' ', wrap: true, spacing: i === 0 ? 'Default' : 'None', ...style }));
  return { type: 'Container', items };
}

/** A button: Action.Submit with {actionId, value}; arrives as a message activity with that value. */
export function submitButton(button: Button): Json {
  const style = button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : undefined;
  return { type: 'Action.Submit', title: button.label, data: { actionId: button.actionId, value: button.value }, ...(style ? { style } : {}) };
}
