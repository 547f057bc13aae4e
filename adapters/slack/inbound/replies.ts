import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { CommandReply } from '../../../src/commands/types.ts';
import type { Locale } from '../../../src/domain/text.ts';
import type { Logger } from '../../../src/logger.ts';
import type { RichMessage } from '../../../src/messages/model.ts';
import { toSlackMessage } from '../blocks.ts';
import { INTERACTIVE_TIMEOUT_MS, type WebClient } from '../clients.ts';
import { toModal, type FormOrigin } from '../modal.ts';

/** Where and how an answer to a user's command, click or form goes. */
export interface ReplyTarget {
  client: WebClient;
  userId: string;
  channelId: string | null;
  /** The request's response_url (slash commands, button clicks): up to 5 answers within 30 minutes. */
  responseUrl: string | null;
  /** The request's trigger_id: a modal can be opened with it once, within 3 s. */
  triggerId: string | null;
  /** Replace the message the button was on (an ephemeral preview) instead of adding one. */
  replaceOriginal?: boolean;
  locale: Locale;
}

/** Shows a core reply: a form as a modal (its fallback text if that fails), a message via response_url. */
export async function showReply(reply: CommandReply, target: ReplyTarget, logger: Logger): Promise<void> {
  if (reply.type === 'message') return showMessage(reply.message, reply.visibility, target);
  if (target.triggerId) {
    const origin: FormOrigin = { channelRef: target.channelId, responseUrl: target.responseUrl };
    try {
      await target.client.views.open({ trigger_id: target.triggerId, view: toModal(reply.form, origin, target.locale) as never });
      return;
    } catch (error) {
      logger.warn({ err: error, form: reply.form.formId }, 'views.open failed; showing the text fallback');
    }
  }
  return showMessage(reply.fallback, 'ephemeral', target);
}

async function showMessage(message: RichMessage, visibility: 'ephemeral' | 'channel', target: ReplyTarget): Promise<void> {
  const rendered = toSlackMessage(message);
  if (target.responseUrl) {
    await respondTo(target.responseUrl, {
      response_type: visibility === 'channel' ? 'in_channel' : 'ephemeral',
      ...(target.replaceOriginal ? { replace_original: true } : {}),
      ...rendered,
    });
    return;
  }
  const { client, channelId, userId } = target;
  if (channelId && visibility === 'ephemeral') {
    await client.chat.postEphemeral({ channel: channelId, user: userId, text: rendered.text, blocks: rendered.blocks as never });
  } else {
    // No conversation to answer in: the user's direct conversation with the bot.
    await client.chat.postMessage({ channel: channelId ?? userId, text: rendered.text, blocks: rendered.blocks as never });
  }
}

// Kept-alive connections to response_url hosts (Slack's hooks.slack.com in production).
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/**
 * Posts to a response_url. Bolt's respond() has no timeout, and ours must not hang a listener. Plain
 * node:http rather than fetch: this runs on the thread that acks Slack, and fetch's streams cost about
 * a millisecond of CPU (and garbage) per answer, more than the rest of the answer's way out.
 */
export function respondTo(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  const url = new URL(responseUrl);
  const payload = JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) },
        signal: AbortSignal.timeout(INTERACTIVE_TIMEOUT_MS),
      },
      (response) => {
        response.resume();
        response.once('error', reject);
        response.once('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`response_url answered HTTP ${status}`));
        });
      },
    );
    request.once('error', reject);
    request.end(payload);
  });
}
