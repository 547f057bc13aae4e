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
