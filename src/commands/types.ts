import type { Locale } from '../domain/text.ts';
import type { RichMessage } from '../messages/model.ts';

/** Who asked, where. Adapters fill this from the platform's request. */
export interface CommandContext {
  platform: string;
  workspaceId: string;
  userRef: string;
  userName: string;
  /** The conversation the command was typed in (a channel, or a direct conversation). */
  channelRef: string | null;
  /** The user's language as the platform reports it, if it does. */
  locale?: Locale;
}

/** A form the platform shows where it can (Slack modal, Teams Adaptive Card, local HTML form). */
export interface FormSpec {
  /** Identifies the form to the core when it is submitted. */
  formId: string;
  title: string;
  submitLabel: string;
  /** Opaque state handed back on submit (e.g. the programme id). */
  state: string;
  fields: FormField[];
}

export interface FormField {
  id: string;
  label: string;
  kind: 'text' | 'date' | 'time' | 'select' | 'users' | 'textarea';
  required: boolean;
  hint?: string;
  initial?: string;
  options?: { value: string; label: string }[];
  /** At most this many characters (text fields); the form refuses more, and so does the command. */
  maxLength?: number;
}

/** What a command or an action answers. */
export type CommandReply =
  | { type: 'message'; visibility: 'ephemeral' | 'channel'; message: RichMessage }
  | { type: 'form'; form: FormSpec; fallback: RichMessage };

/** A button press or a form submission, as the adapter hands it to the core. */
export interface ActionInput {
  actionId: string;
  value: string;
}

export interface FormSubmission {
  formId: string;
  state: string;
  values: Record<string, string | string[] | undefined>;
}

/** A plain message a user wrote to the bot (a thread reply, a direct message, an @mention). */
export interface InboundMessage {
  text: string;
  /** The thread it replies to, if any (Slack thread_ts, Teams reply-chain id). */
  threadRef: string | null;
  /** True in a direct (1:1) conversation with the bot. */
  direct: boolean;
}
