/**
 * Correctly signed requests from "Slack" to a Bolt HTTP receiver: slash commands, block actions and
 * view submissions (form-encoded, as Slack sends them) and Events API deliveries (JSON).
 *
 * Signing as Slack documents it: `X-Slack-Signature: v0=` + hex HMAC-SHA256(signing secret,
 * `v0:{X-Slack-Request-Timestamp}:{raw body}`). Bolt rejects a bad signature or a timestamp more
 * than 5 minutes old with HTTP 401.
 */
import { createHmac } from 'node:crypto';

type Json = Record<string, unknown>;

export interface SignedRequestOptions {
  /** The receiver endpoint, e.g. `http://127.0.0.1:PORT/slack/events`. */
  url: string;
  signingSecret: string;
  /** Sign with a different secret (what an attacker without the secret can do). */
  forgeSignature?: boolean;
  /** Send a timestamp 6 minutes old (Bolt allows 5). */
  stale?: boolean;
  /** Explicit X-Slack-Request-Timestamp (seconds). */
  timestamp?: number;
  headers?: Record<string, string>;
}

interface Who {
  teamId: string;
  userId: string;
  userName?: string;
  teamDomain?: string;
  apiAppId?: string;
}

export interface SlashCommandOptions extends SignedRequestOptions, Who {
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
  channelId: string;
  channelName?: string;
}

export interface BlockActionOptions extends SignedRequestOptions, Who {
  actionId: string;
  value: string;
  messageTs: string;
  channelId: string;
  blockId?: string;
  responseUrl?: string;
  triggerId?: string;
  messageText?: string;
  /** The button is on an ephemeral message (e.g. a preview only the clicker sees): `container.is_ephemeral`. */
  ephemeral?: boolean;
}

/** `state.values` as Slack sends it, or `{blockId: {actionId: 'text'}}` for plain text inputs. */
export type ViewValues = Record<string, Record<string, Json | string>>;

export interface ViewSubmissionOptions extends SignedRequestOptions, Who {
  callbackId: string;
  values: ViewValues;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
  title?: string;
  /** The view's blocks, as Slack sends them back with the submission (the opened modal's `blocks`). */
  blocks?: Json[];
}

export interface EventCallbackOptions extends SignedRequestOptions {
  teamId: string;
  event: Json;
  eventId: string;
  eventTime?: number;
  apiAppId?: string;
  botUserId?: string;
  /** Sends X-Slack-Retry-Num (and X-Slack-Retry-Reason) like a redelivery. */
  retryNum?: number;
  retryReason?: string;
}

export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** POST `rawBody` with Slack's signing headers. */
export async function sendSigned(options: SignedRequestOptions, rawBody: string, contentType: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const timestamp = options.timestamp ?? (options.stale ? nowSeconds - 6 * 60 : nowSeconds);
  const secret = options.forgeSignature ? `${options.signingSecret}-forged` : options.signingSecret;
  return fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, timestamp, rawBody),
      ...extraHeaders,
      ...options.headers,
    },
    body: rawBody,
  });
}

const FORM = 'application/x-www-form-urlencoded';

function user(o: Who): Json {
  return { id: o.userId, username: o.userName ?? o.userId.toLowerCase(), name: o.userName ?? o.userId.toLowerCase(), team_id: o.teamId };
}

function team(o: Who): Json {
  return { id: o.teamId, domain: o.teamDomain ?? o.teamId.toLowerCase() };
}

/** The form fields of a slash command invocation. */
export function slashCommandBody(o: SlashCommandOptions): URLSearchParams {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: o.teamId,
    team_domain: o.teamDomain ?? o.teamId.toLowerCase(),
    channel_id: o.channelId,
    channel_name: o.channelName ?? 'general',
    user_id: o.userId,
    user_name: o.userName ?? o.userId.toLowerCase(),
    command: o.command,
    text: o.text,
    api_app_id: o.apiAppId ?? 'A0TOVHOLD',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId,
  });
}

export function slashCommand(o: SlashCommandOptions): Promise<Response> {
  return sendSigned(o, slashCommandBody(o).toString(), FORM);
}

/** A `block_actions` payload for a button click on a message. */
export function blockActionPayload(o: BlockActionOptions): Json {
  const blockId = o.blockId ?? 'actions';
  return {
    type: 'block_actions',
    user: user(o),
    api_app_id: o.apiAppId ?? 'A0TOVHOLD',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channelId, is_ephemeral: o.ephemeral ?? false },
    trigger_id: o.triggerId ?? `${Math.floor(Date.now() / 1000)}.1.abc`,
    team: team(o),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId, name: 'channel' },
    message: { type: 'message', ts: o.messageTs, text: o.messageText ?? '', user: 'U0TOVBOT', blocks: [] },
    state: { values: {} },
    response_url: o.responseUrl ?? 'https://hooks.slack.com/actions/T/1/x',
    actions: [
      {
        action_id: o.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: o.value, emoji: true },
        value: o.value,
        type: 'button',
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

export function blockAction(o: BlockActionOptions): Promise<Response> {
  return sendSigned(o, new URLSearchParams({ payload: JSON.stringify(blockActionPayload(o)) }).toString(), FORM);
}

function stateValues(values: ViewValues): Json {
  const out: Json = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block: Json = {};
    for (const [actionId, value] of Object.entries(actions)) {
      block[actionId] = typeof value === 'string' ? { type: 'plain_text_input', value } : value;
    }
    out[blockId] = block;
  }
  return out;
}

/** An input block of a modal as the app opened it (views.open's `view.blocks`). */
export type ModalInputBlock = {
  type: string;
  block_id?: string;
  element?: {
    type: string;
    action_id: string;
    initial_value?: string;
    initial_date?: string;
    initial_time?: string;
    initial_users?: string[];
    initial_option?: Json;
    options?: { value: string }[];
  };
};

/**
 * `state.values` as Slack sends them when a user submits the modal `blocks` after typing or picking
 * `answers` (by block id): text, a date or time, an option's value, user ids. Inputs the user left
 * alone keep their initial value, or come empty (`null`), as Slack sends an untouched optional input.
 */
export function submittedValues(blocks: ModalInputBlock[], answers: Record<string, string | string[]>): ViewValues {
  const values: ViewValues = {};
  for (const block of blocks) {
    const element = block.element;
    if (block.type !== 'input' || !block.block_id || !element) continue;
    const answer = answers[block.block_id];
    const one = typeof answer === 'string' ? answer : undefined;
    let value: Json;
    switch (element.type) {
      case 'datepicker':
        value = { type: element.type, selected_date: one ?? element.initial_date ?? null };
        break;
      case 'timepicker':
        value = { type: element.type, selected_time: one ?? element.initial_time ?? null };
        break;
      case 'static_select': {
        const option = one === undefined ? element.initial_option : element.options?.find((o) => o.value === one);
        if (one !== undefined && !option) throw new Error(`the modal offers no option "${one}" in ${block.block_id}`);
        value = { type: element.type, selected_option: option ?? null };
        break;
      }
      case 'multi_users_select':
        value = { type: element.type, selected_users: Array.isArray(answer) ? answer : (element.initial_users ?? []) };
        break;
      default:
        value = { type: element.type, value: one ?? element.initial_value ?? null };
    }
    values[block.block_id] = { [element.action_id]: value };
  }
  const unknown = Object.keys(answers).filter((id) => !(id in values));
  if (unknown.length > 0) throw new Error(`the modal has no input ${unknown.join(', ')}`);
  return values;
}

/** A `view_submission` payload for a modal. */
export function viewSubmissionPayload(o: ViewSubmissionOptions): Json {
  const viewId = o.viewId ?? 'V0FAKEVIEW';
  return {
    type: 'view_submission',
    team: team(o),
    user: user(o),
    api_app_id: o.apiAppId ?? 'A0TOVHOLD',
    token: 'deprecated-verification-token',
    trigger_id: o.triggerId ?? `${Math.floor(Date.now() / 1000)}.2.def`,
    view: {
      id: viewId,
      team_id: o.teamId,
      type: 'modal',
      blocks: o.blocks ?? [],
      private_metadata: o.privateMetadata ?? '',
      callback_id: o.callbackId,
      state: { values: stateValues(o.values) },
      hash: `${Math.floor(Date.now() / 1000)}.hash`,
      title: { type: 'plain_text', text: o.title ?? 'Tovholder', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Gem', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: o.apiAppId ?? 'A0TOVHOLD',
      external_id: '',
      app_installed_team_id: o.teamId,
      bot_id: 'B0TOVBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewSubmission(o: ViewSubmissionOptions): Promise<Response> {
  return sendSigned(o, new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(o)) }).toString(), FORM);
}

/** An Events API envelope (`event_callback`). */
export function eventCallbackBody(o: EventCallbackOptions): Json {
  return {
    token: 'deprecated-verification-token',
    team_id: o.teamId,
    api_app_id: o.apiAppId ?? 'A0TOVHOLD',
    event: o.event,
    type: 'event_callback',
    event_id: o.eventId,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: o.teamId, user_id: o.botUserId ?? 'U0TOVBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(o.eventId).toString('base64url')}`,
  };
}

export function eventCallback(o: EventCallbackOptions): Promise<Response> {
  const retry: Record<string, string> =
    o.retryNum === undefined ? {} : { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': o.retryReason ?? 'http_timeout' };
  return sendSigned(o, JSON.stringify(eventCallbackBody(o)), 'application/json', retry);
}

/** The handshake Slack sends when a Request URL is saved; the answer must echo `challenge`. */
export function urlVerification(o: SignedRequestOptions & { challenge: string }): Promise<Response> {
  return sendSigned(o, JSON.stringify({ token: 'deprecated-verification-token', challenge: o.challenge, type: 'url_verification' }), 'application/json');
}
