import type { CommandContext } from '../../../src/commands/types.ts';
import type { Locale } from '../../../src/domain/text.ts';
import type { Logger } from '../../../src/logger.ts';
import type { WebClient } from '../clients.ts';

/** How long a user's Slack locale is remembered, and how long we wait for users.info. */
const LOCALE_TTL_MS = 60 * 60_000;
const LOCALE_WAIT_MS = 1_000;

/** Who asked, as Bolt hands it to a listener. */
export interface Asker {
  teamId: string;
  userId: string;
  userName: string;
  channelId: string | null;
}

/**
 * The users' Slack locales (users.info with include_locale), cached for an hour. Only used when the
 * user has not chosen a language with `/tovholder sprog`; a slow or failing lookup means "unknown".
 */
export class LocaleCache {
  private readonly cache = new Map<string, { locale: Locale | undefined; at: number }>();

  constructor(private readonly logger: Logger) {}

  async get(client: WebClient, teamId: string, userId: string): Promise<Locale | undefined> {
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && performance.now() - cached.at < LOCALE_TTL_MS) return cached.locale;
    const locale = await this.fetch(client, userId);
    this.cache.set(key, { locale, at: performance.now() });
    return locale;
  }

  private async fetch(client: WebClient, userId: string): Promise<Locale | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), LOCALE_WAIT_MS);
    });
    const lookup = client.users
      .info({ user: userId, include_locale: true })
      .then((info) => toLocale(info.user?.locale))
      .catch((error: unknown) => {
        this.logger.debug({ err: error, user: userId }, 'users.info failed; language unknown');
        return undefined;
      });
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Slack locales are "da-DK", "en-US", "en-GB"...; we speak Danish and English. */
export function toLocale(slackLocale: string | undefined): Locale | undefined {
  const language = slackLocale?.slice(0, 2).toLowerCase();
  return language === 'da' || language === 'en' ? language : undefined;
}

export function commandContext(asker: Asker, locale: Locale | undefined): CommandContext {
  return {
    platform: 'slack',
    workspaceId: asker.teamId,
    userRef: asker.userId,
    userName: asker.userName || asker.userId,
    channelRef: asker.channelId,
    ...(locale ? { locale } : {}),
  };
}
