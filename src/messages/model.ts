/**
 * A platform-neutral rich message. Adapters render it as Block Kit (Slack), an Adaptive Card (Teams)
 * or HTML (local workspace). Text uses a small markdown subset every platform can show:
 * *bold*, _italic_ and line breaks.
 */
export interface RichMessage {
  /** Plain fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: Block[];
  /**
   * Texts users typed (names, places, answers) that this message repeats and that contain the model's
   * formatting characters: every renderer shows them as written (defuseMessage), not as formatting.
   */
  userTexts?: string[];
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'section'; text: string; fields?: Field[] }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  | { type: 'actions'; buttons: Button[] };

export interface Field {
  label: string;
  value: string;
}

export interface Button {
  /** Identifies the action to the core when the button is pressed. */
  actionId: string;
  label: string;
  /** Opaque value handed back with the action (at most 2000 characters on Slack). */
  value: string;
  style?: 'primary' | 'danger';
}

/** Builds a message whose blocks all show the same text. */
export function plainMessage(text: string): RichMessage {
  return { text, blocks: [{ type: 'section', text }] };
}

/**
 * A mention of a member that the platform turns into a live one (Slack `<@U1>`, Teams `<at>`), written
 * between two private-use characters that no user can get into the core's texts (every inbound text
 * loses them: stripMarks). Anything else in a text is shown as written: a name containing `<!channel>`
 * or `<@U1>` never pings anyone, whatever message it ends up in.
 */
export function mention(userRef: string): string {
  return `${MENTION_OPEN}${stripMarks(userRef)}${MENTION_CLOSE}`;
}

const MENTION_OPEN = '\uE000';
const MENTION_CLOSE = '\uE001';
/** The mentions the core wrote; group 1 is the user reference. */
export const MENTION_PATTERN = /\uE000([^\uE000\uE001]*)\uE001/g;

/** Removes the mention marks from text that comes from outside (commands, forms, answers). */
export function stripMarks(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '');
}

/** The model's formatting characters, and the brackets and backslash of Teams' markdown. */
const FORMATTING = /[*_~`[\]\\]/g;

/**
 * Look-alikes that no markdown reads: `*` ∗, `_` ＿, `~` ∼, `` ` `` ˋ, `[` ［, `]` ］, `\` ＼. Platforms
 * differ in how (and whether) they honour backslash escapes; look-alikes read the same everywhere.
 */
const LOOKALIKES: Record<string, string> = { '*': '\u2217', _: '\uFF3F', '~': '\u223C', '`': '\u02CB', '[': '\uFF3B', ']': '\uFF3D', '\\': '\uFF3C' };

/**
 * Whether a user text needs defusing: only one with formatting characters, and only one that holds a
 * letter or digit: a name of bare punctuation ("_") would otherwise match, and so defuse, the bot's own
 * formatting everywhere in the message.
 */
function needsDefusing(text: string | null | undefined): text is string {
  return !!text && /[*_~`[\]\\]/.test(text) && /[\p{L}\p{N}]/u.test(text);
}

/** Notes which user texts a message repeats (adding to those already noted). */
export function withUserTexts(message: RichMessage, texts: (string | null | undefined)[]): RichMessage {
  const marked = [...new Set([...(message.userTexts ?? []), ...texts.filter(needsDefusing)])];
  return marked.length > 0 ? { ...message, userTexts: marked } : message;
}

/**
 * withUserTexts for candidates that may or may not appear: keeps only those the message shows. The
 * cheap test comes first: a results view weighs thousands of answers against tens of kilobytes of text.
 */
export function withRepeatedTexts(message: RichMessage, candidates: string[]): RichMessage {
  const shown = [message.text, ...message.blocks.map(blockText)].join('\n');
  return withUserTexts(message, [...new Set(candidates)].filter((c) => needsDefusing(c) && shown.includes(c)));
}

function blockText(block: Block): string {
  if (block.type === 'section') return [block.text, ...(block.fields ?? []).flatMap((f) => [f.label, f.value])].join('\n');
  return block.type === 'context' || block.type === 'header' ? block.text : '';
}

/** The user-given texts of a builder's input: names, organisations, display names and places. */
export function userTextsOf(input: object): string[] {
  const out: string[] = [];
  for (const value of Object.values(input)) collectUserTexts(value, out);
  return out;
}

const USER_TEXT_FIELDS = ['name', 'culturalInstitution', 'daycare', 'displayName', 'location'] as const;

/** A module-level function, not a closure per call: the tick builds a thousand reminders at 09:00. */
function collectUserTexts(value: unknown, out: string[]): void {
  if (Array.isArray(value)) for (const item of value) collectUserTexts(item, out);
  else if (value instanceof Map) for (const item of value.values()) collectUserTexts(item, out);
  else if (value && typeof value === 'object' && !('steps' in value)) {
    for (const field of USER_TEXT_FIELDS) {
      const text = (value as Record<string, unknown>)[field];
      if (typeof text === 'string') out.push(text);
    }
  }
}

/**
 * The message with its user texts' formatting characters replaced by look-alikes wherever they occur
 * (longest first, so a name containing another is taken whole); buttons, which no platform
 * formats, stay as they are. Renderers call this first.
 */
export function defuseMessage(message: RichMessage): RichMessage {
  const texts = [...(message.userTexts ?? [])].sort((a, b) => b.length - a.length);
  if (texts.length === 0) return message;
  const defuse = (text: string) => texts.reduce((out, user) => out.split(user).join(user.replace(FORMATTING, (c) => LOOKALIKES[c]!)), text);
  const blocks = message.blocks.map((block): Block => {
    if (block.type === 'section') return { ...block, text: defuse(block.text), ...(block.fields ? { fields: block.fields.map((f) => ({ label: defuse(f.label), value: defuse(f.value) })) } : {}) };
    // Headers too: Teams writes them as markdown.
    return block.type === 'context' || block.type === 'header' ? { ...block, text: defuse(block.text) } : block;
  });
  return { text: defuse(message.text), blocks };
}
