import type { Core } from '../../src/app.ts';
import { handleAction, handleCommand, handleForm, handleInboundMessage } from '../../src/commands/router.ts';
import { normalize } from '../../src/commands/resolve.ts';
import { tokenize } from '../../src/commands/tokenize.ts';
import type { CommandContext, CommandReply, FormSpec } from '../../src/commands/types.ts';
import { UserError } from '../../src/domain/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { defuseMessage } from '../../src/messages/model.ts';
import { seedDemo } from './demo.ts';
import { BOT_REF, type LocalPerson } from './directory.ts';
import { directRef, type LocalPort } from './port.ts';
import type { LocalChannel, LocalStore } from './store.ts';

/** A refusal of the page's request itself (unknown person, a channel they are not in). */
export class LocalRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the page should do after a request, besides showing the new messages. */
export interface PageReply {
  form?: FormSpec;
}

const COMMAND = /^\/tovholder(?:\s+|$)/i;

/**
 * `@sofie` typed in the message box becomes `<@U-sofie|sofie>`, as Slack escapes mentions in slash
 * commands and messages; an e-mail address (a@b.dk) is left alone because its @ follows a letter.
 */
export function escapeMentions(text: string, people: LocalPerson[]): string {
  return text.replace(/(^|[\s("'«„“])@([\p{L}\p{N}._-]+)/gu, (whole, before: string, handle: string) => {
    const person = people.find((p) => p.handle.toLowerCase() === handle.toLowerCase());
    return person ? `${before}<@${person.ref}|${person.handle}>` : whole;
  });
}

/**
 * What a person does on the page, handed to the core through the same entries Slack and Teams use
 * (handleCommand, handleAction, handleForm, handleInboundMessage). Replies are shown as the platforms
 * show them: ephemeral ones only to the person who asked.
 */
export class LocalWorkspace {
  constructor(
    private readonly deps: {
      core: Core;
      store: LocalStore;
      port: LocalPort;
      platform: string;
      workspaceId: string;
      logger: Logger;
    },
  ) {}

  /** A text from the message box: a /tovholder command, or a message in the conversation. */
  async send(input: { as: string; channel: string; text: string; threadRef?: string | null }): Promise<PageReply> {
    const { person, channel } = this.check(input.as, input.channel);
    const text = input.text.trim();
    if (!text) return {};
    if (COMMAND.test(text)) return this.command(person, channel, text.replace(COMMAND, ''));
    if (text.startsWith('/')) {
      const word = text.split(/\s/)[0]!;
      this.ephemeral(person, channel, `«${word}» er ikke en kommando her. Skriv \`/tovholder hjælp\` for at se, hvad Tovholder kan.`, word);
      return {};
    }
    return this.message(person, channel, text, input.threadRef ?? null);
  }

  async action(input: { as: string; channel: string; messageRef: string; actionId: string; value: string }): Promise<PageReply> {
    const { person, channel } = this.check(input.as, input.channel);
    const message = this.deps.store.message(input.messageRef);
    if (!message || message.channelRef !== channel.ref || (message.visibleTo && message.visibleTo !== person.ref)) {
      throw new LocalRequestError(404, 'Beskeden findes ikke (længere).');
    }
    const reply = await handleAction(this.deps.core, { actionId: input.actionId, value: input.value }, this.ctx(person, channel));
    return this.show(reply, person, channel, { threadRef: message.threadRef });
  }

  async form(input: { as: string; channel: string; formId: string; state: string; values: Record<string, string | string[] | undefined> }): Promise<PageReply> {
    const { person, channel } = this.check(input.as, input.channel);
    const reply = await handleForm(this.deps.core, { formId: input.formId, state: input.state, values: input.values }, this.ctx(person, channel));
    return this.show(reply, person, channel, {});
  }

  /** "Skjul" on an ephemeral message: only its reader can remove it, as in Slack. */
  dismiss(input: { as: string; messageRef: string }): void {
    const message = this.deps.store.message(input.messageRef);
    if (message?.visibleTo === input.as) this.deps.store.deleteMessage(message.ref);
  }

  /** A person's conversation with the bot exists before the bot first writes in it. */
  directChannel(userRef: string): LocalChannel {
    return this.deps.port.ensureDirect(this.deps.workspaceId, userRef);
  }

  /** Lets the outbox send what the request queued now, so the page shows it at once. */
  async settle(): Promise<void> {
    const { core, logger } = this.deps;
    try {
      await core.scheduler.tick();
      core.scheduler.kick();
    } catch (error) {
      logger.error({ err: error }, 'tick after a local request failed');
    }
  }

  check(as: string, channelRef: string): { person: LocalPerson; channel: LocalChannel } {
    const person = this.deps.store.user(as);
    if (!person || person.isBot) throw new LocalRequestError(400, `Ukendt person «${as}».`);
    if (channelRef === directRef(as)) this.directChannel(as);
    const channel = this.deps.store.channel(channelRef);
    if (!channel || !this.deps.store.isMember(channel.ref, person.ref)) {
      throw new LocalRequestError(403, `${person.name} er ikke med i den samtale.`);
    }
    return { person, channel };
  }

  private async command(person: LocalPerson, channel: LocalChannel, rest: string): Promise<PageReply> {
    const note = `/tovholder ${rest}`.trim();
    const [word = '', ...args] = tokenize(rest);
    if (normalize(word) === 'demo') {
      this.ephemeral(person, channel, this.demo(args), note);
      return {};
    }
    const reply = await handleCommand(this.deps.core, escapeMentions(rest, this.deps.store.users()), this.ctx(person, channel));
    return this.show(reply, person, channel, { note });
  }

  /** The demo is the local workspace's own command; a refusal reads like the core's. */
  private demo(args: string[]): string {
    const { core, store, platform, workspaceId } = this.deps;
    try {
      return seedDemo(core, store, { platform, workspaceId }, args);
    } catch (error) {
      if (error instanceof UserError) return error.in('da');
      throw error;
    }
  }

  /**
   * A message in the conversation. The core hears it where the platforms would pass it on: in the
   * direct conversation with the bot, in a thread (an answer to a question), or when it names @tovholder.
   */
  private async message(person: LocalPerson, channel: LocalChannel, raw: string, threadRef: string | null): Promise<PageReply> {
    const text = escapeMentions(raw, this.deps.store.users());
    const parent = threadRef ? this.deps.store.message(threadRef) : undefined;
    const thread = parent && parent.channelRef === channel.ref ? (parent.threadRef ?? parent.ref) : null;
    this.deps.store.insertMessage({ channelRef: channel.ref, authorRef: person.ref, text, threadRef: thread });
    const direct = channel.kind === 'direct';
    // A person wrote in a channel: a group's channel is not quiet (src/watch).
    if (!direct) this.deps.core.activity.noteHumanMessage({ platform: this.deps.platform, workspaceId: this.deps.workspaceId, channelRef: channel.ref });
    if (!direct && !thread && !text.includes(`<@${BOT_REF}`)) return {};
    const inbound = { text: text.replace(new RegExp(`<@${BOT_REF}(\\|[^>]*)?>\\s*`, 'g'), '').trim(), threadRef: thread, direct };
    const reply = await handleInboundMessage(this.deps.core, inbound, this.ctx(person, channel));
    // In the bot's own conversation its answers are ordinary messages; elsewhere only the writer sees them.
    if (reply?.type === 'message' && direct) {
      const { text: answer, blocks } = defuseMessage(reply.message);
      this.deps.store.insertMessage({ channelRef: channel.ref, authorRef: BOT_REF, text: answer, blocks, threadRef: thread });
      return {};
    }
    return this.show(reply, person, channel, { threadRef: thread });
  }

  private show(reply: CommandReply | null, person: LocalPerson, channel: LocalChannel, where: { threadRef?: string | null; note?: string }): PageReply {
    if (!reply) return {};
    if (reply.type === 'form') return { form: reply.form };
    const message = defuseMessage(reply.message);
    this.deps.store.insertMessage({
      channelRef: channel.ref,
      authorRef: BOT_REF,
      text: message.text,
      blocks: message.blocks,
      threadRef: where.threadRef ?? null,
      visibleTo: reply.visibility === 'ephemeral' ? person.ref : null,
      note: reply.visibility === 'ephemeral' ? (where.note ?? null) : null,
    });
    return {};
  }

  private ephemeral(person: LocalPerson, channel: LocalChannel, text: string, note: string): void {
    this.deps.store.insertMessage({ channelRef: channel.ref, authorRef: BOT_REF, text, visibleTo: person.ref, note });
  }

  private ctx(person: LocalPerson, channel: LocalChannel): CommandContext {
    return { platform: this.deps.platform, workspaceId: this.deps.workspaceId, userRef: person.ref, userName: person.name, channelRef: channel.ref };
  }
}
