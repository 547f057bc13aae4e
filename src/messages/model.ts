/**
 * A platform-neutral rich message. Adapters render it as Block Kit (Slack), an Adaptive Card (Teams)
 * or HTML (local workspace). Text uses a small markdown subset every platform can show:
 * *bold*, _italic_ and line breaks.
 */
export interface RichMessage {
  /** Plain fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: Block[];
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
