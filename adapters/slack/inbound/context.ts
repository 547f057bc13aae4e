import type { CommandContext } from '../../../src/commands/types.ts';
import type { Logger } from '../../../src/logger.ts';

/** Who asked, as Bolt hands it to a listener. */
export interface Asker {
  teamId: string;
  userId: string;
  userName: string;
  channelId: string | null;
}

/**
 * @deprecated The Slack locale is no longer used (see commandContext), so there is no users.info call
 * before a first interaction. Kept only for code written against the old interface, which still
 * constructs one (adapters/slack/index.ts); remove it together with the `locales:` line there.
 */
export class LocaleCache {
  constructor(_logger: Logger) {}

  /** "Unknown", always: the core then answers in the user's chosen language or Danish. */
  async get(_client: unknown, _teamId: string, _userId: string): Promise<undefined> {
    return undefined;
  }
}

/**
 * The core's context for a Slack user. It carries no locale on purpose: Slack's default locale is
 * en-US even for Danish users, so it says nothing about what they want. The core answers in the
 * language chosen with `/tovholder sprog`, else the default (Danish) — see userLocale in the router.
 */
export function commandContext(asker: Asker): CommandContext {
  return {
    platform: 'slack',
    workspaceId: asker.teamId,
    userRef: asker.userId,
    userName: asker.userName || asker.userId,
    channelRef: asker.channelId,
  };
}
