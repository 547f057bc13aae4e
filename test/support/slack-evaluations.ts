/**
 * Driving evaluations over the real Slack adapter against the fake Slack, on a clock the test moves:
 * members click buttons, reply in threads and write direct messages the way Slack delivers them
 * (signed block_actions and event_callback requests), and the test reads back what Slack would show
 * them (messages in their direct conversation, response_url answers, uploaded files).
 */
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.ts';
import type { FakeSlackMessage } from '../fakes/slack/index.ts';
import { SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from './slack-harness.ts';
import { blockAction, eventCallback } from './slack-requests.ts';

export const ZONE = 'Europe/Copenhagen';

/** A member of the programme as the test knows them: their Slack user and the name the consultant gave. */
export interface Person {
  name: string;
  userId: string;
  partnership: string;
}

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

/** One Tovholder with the Slack adapter on a ManualClock; the scheduler ticks only when the test says so. */
export class SlackEvaluationWorld {
  private eventSeq = 0;

  private constructor(
    readonly bot: SlackBot,
    readonly clock: ManualClock,
  ) {}

  static async start(now: string): Promise<SlackEvaluationWorld> {
    const clock = new ManualClock(now);
    // The fake Slack runs on the same clock: its per-channel post limit and the `ts` of every message
    // (the time Slack shows people) follow the test's time, not the few real seconds the test takes.
    const bot = await startSlackBot({ clock, fake: { now: () => clock.now().getTime() } });
    // The minute cron and the kicks after each request would tick at whatever instant the manual
    // clock happens to show; the test runs every pass itself (as `tovholder tick` does), so each
    // instant is one it chose.
    bot.core.scheduler.stop();
    await bot.core.scheduler.tick();
    return new SlackEvaluationWorld(bot, clock);
  }

  get core() {
    return this.bot.core;
  }

  get fake() {
    return this.bot.fake;
  }

  local(): DateTime {
    return DateTime.fromJSDate(this.clock.now(), { zone: ZONE });
  }

  /** `/tovholder <text>` typed by `userId` in `channelId`; the text of the (ephemeral) answer. */
  async command(text: string, userId: string, channelId: string): Promise<string> {
    const sent = await this.bot.command(text, { userId, channelId });
    if (sent.status !== 200) throw new Error(`/tovholder ${text}: HTTP ${sent.status}`);
    await waitFor(() => this.bot.answers(sent.responseUrl).length > 0, 10_000, `an answer to "${text}"`);
    await this.settle();
    return this.fake.responses(sent.responseUrl).map((post) => readable(post.body as { text?: string; blocks?: unknown[] })).join('\n');
  }

  /**
   * Ticks until nothing is waiting to be sent now. The outbox paces posts per conversation (about one
   * a second, like Slack), so the clock moves on by a second between passes when something waits.
   */
  async settle(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.core.scheduler.tick();
      const horizon = new Date(this.clock.now().getTime() + 10_000).toISOString();
      const waiting = this.core.db
        .prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?")
        .pluck()
        .get(horizon) as number;
      if (waiting === 0) return;
      if (performance.now() > deadline) throw new Error('the outbox did not settle in time');
      this.clock.advance(1_200);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** When a message was posted, in Copenhagen time (the fake Slack stamps `ts` with the test's clock). */
  static postedAt(message: Pick<FakeSlackMessage, 'ts'>): DateTime {
    return DateTime.fromMillis(Math.round(Number(message.ts) * 1000), { zone: ZONE });
  }

  /** Moves the clock to `instant`, runs the scheduler there and sends what it queued. */
  async at(instant: Date | DateTime): Promise<void> {
    this.clock.set(instant instanceof Date ? instant : instant.toJSDate());
    await this.settle();
  }

  /** The bot's direct conversation with a user (opened by the bot when it first wrote to them). */
  im(userId: string): string {
    const im = this.fake.imWith(TEAM, userId);
    if (!im) throw new Error(`no direct conversation with ${userId}`);
    return im.id;
  }

  /** Every message the bot posted under a delivery key matching `pattern`, over the whole workspace. */
  keyed(pattern: RegExp): (FakeSlackMessage & { key: string })[] {
    const found: (FakeSlackMessage & { key: string })[] = [];
    for (const messages of this.fake.state.team(TEAM).messages.values()) {
      for (const m of messages) {
        const key = m.metadata?.event_type === 'tovholder_delivery' ? String(m.metadata.event_payload.key) : '';
        if (pattern.test(key)) found.push({ ...m, key });
      }
    }
    return found;
  }

  /** The one message in the person's direct conversation whose delivery key matches `pattern`. */
  messageTo(person: Person, pattern: RegExp): FakeSlackMessage {
    const im = this.im(person.userId);
    const found = this.keyed(pattern).filter((m) => m.channel === im);
    if (found.length !== 1) throw new Error(`${found.length} messages matching ${pattern} to ${person.name}`);
    return this.fake.messages(TEAM, im).find((m) => m.ts === found[0]!.ts)!;
  }

  /** Presses a button on a message in the person's direct conversation; the answer they see. */
  async click(person: Person, message: FakeSlackMessage, label: string): Promise<string> {
    const button = buttonsOf(message).find((b) => b.text.text === label);
    if (!button) throw new Error(`no button "${label}" on ${message.ts} (${buttonsOf(message).map((b) => b.text.text).join(', ')})`);
    return this.clickRaw(person, message, button);
  }

  /** Presses a button as Slack sends it, even one no longer shown (a stale client, a late click). */
  async clickRaw(person: Person, message: FakeSlackMessage, button: Pick<SlackButton, 'action_id' | 'value'>): Promise<string> {
    const responseUrl = this.fake.newResponseUrl(TEAM);
    const response = await blockAction({
      url: this.bot.eventsUrl,
      signingSecret: SIGNING_SECRET,
      teamId: TEAM,
      userId: person.userId,
      actionId: button.action_id,
      value: button.value,
      messageTs: message.ts,
      channelId: message.channel,
      responseUrl,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`block_actions: HTTP ${response.status}`);
    await waitFor(() => this.bot.answers(responseUrl).length > 0, 10_000, `the answer to ${person.name}'s click`);
    await this.settle();
    return this.fake.responses(responseUrl).map((post) => readable(post.body as { text?: string; blocks?: unknown[] })).join('\n');
  }

  /**
   * The person writes in their direct conversation with the bot: a plain message, or a reply in the
   * thread of `threadTs`. The message is stored in the fake (so it is there as in Slack) and delivered
   * as Slack's Events API does. Returns the bot's answer as posted back in the conversation.
   */
  async write(person: Person, text: string, threadTs?: string): Promise<string> {
    const im = this.im(person.userId);
    const posted = this.fake.postAsUser(TEAM, im, person.userId, text, threadTs ? { threadTs } : {});
    const eventId = `Ev0EVAL${(this.eventSeq += 1)}`;
    const response = await eventCallback({
      url: this.bot.eventsUrl,
      signingSecret: SIGNING_SECRET,
      teamId: TEAM,
      eventId,
      event: {
        type: 'message',
        channel: im,
        channel_type: 'im',
        user: person.userId,
        text,
        ts: posted.ts,
        event_ts: posted.ts,
        ...(threadTs ? { thread_ts: threadTs, parent_user_id: 'U0TOVBOT' } : {}),
      },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`event_callback: HTTP ${response.status}`);
    // Bolt acknowledges before the listener runs: wait for the answer it queues.
    const key = `slack:reply:${TEAM}:${eventId}`;
    await waitFor(() => !!this.core.repos.deliveries.byKey(key), 10_000, `the answer to ${person.name}'s message`);
    await this.settle();
    const reply = this.keyed(new RegExp(`^${key}$`));
    if (reply.length !== 1) throw new Error(`${reply.length} answers to ${person.name}'s message in Slack`);
    if (reply[0]!.channel !== im || (reply[0]!.threadTs ?? null) !== (threadTs ?? null)) {
      throw new Error(`the answer to ${person.name} went to ${reply[0]!.channel}/${reply[0]!.threadTs ?? '-'}, not where they wrote`);
    }
    return readable(reply[0]!);
  }
}

export function buttonsOf(message: Pick<FakeSlackMessage, 'blocks'>): SlackButton[] {
  const blocks = (message.blocks ?? []) as { type: string; elements?: SlackButton[] }[];
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
}

/**
 * What a person reads in a message: its blocks' texts and buttons. Slack shows the blocks when there
 * are any; `text` is then only the notification's fallback.
 */
export function readable(message: { text?: string; blocks?: unknown[] }): string {
  type Text = { text?: string } | string | undefined;
  const blocks = (message.blocks ?? []) as { text?: Text; fields?: Text[]; elements?: { text?: Text }[] }[];
  const textOf = (t: Text): string => (typeof t === 'string' ? t : (t?.text ?? ''));
  const parts = blocks.flatMap((b) => [textOf(b.text), ...(b.fields ?? []).map(textOf), ...(b.elements ?? []).map((e) => textOf(e.text))]);
  return (blocks.length > 0 ? parts : [message.text]).filter(Boolean).join('\n');
}
