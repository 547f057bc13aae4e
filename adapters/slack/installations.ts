import type { Installation as BoltInstallation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock } from '../../src/clock.ts';
import { AuthError, TargetGoneError, TransientError } from '../../src/platform/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { stmt } from '../../src/store/statements.ts';
import type { SlackClients } from './clients.ts';
import { mapSlackError, revokedTokenCode } from './errors.ts';

/** One workspace the bot is installed in. */
export interface Installation {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string | null;
  teamName: string | null;
}

/** Why and when a workspace's installation stopped working (uninstalled, token revoked). */
export interface Removal {
  at: string;
  reason: string;
}

interface Row {
  team_id: string;
  bot_token: string;
  bot_user_id: string;
  bot_id: string | null;
  team_name: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/**
 * Bolt authorizes every inbound request from the installations table, on the thread that acks; a
 * SELECT per request was ~0.1 ms of it (issue #16's profile). An answer up to a second old is reused
 * there. This thread's own writes (install, uninstall events) clear it at once; a revocation the
 * outbox thread records (token_revoked on a send) reaches inbound requests at most a second later.
 * Sends always read the table.
 */
const AUTHORIZE_REUSE_MS = 1_000;

/** After a failed auth.test, wait this long before asking Slack again (not on every request). */
const SEED_RETRY_MS = 2_000;

/**
 * Installations (team_id → bot token and bot user) in a table of the adapter's own. Every inbound
 * request is authorized from it and every outbound call uses its workspace's token, so several
 * workspaces on one bot never share a token or see each other's programmes.
 *
 * A workspace that removed the app (app_uninstalled, tokens_revoked, or a call answered
 * token_revoked / account_inactive / invalid_auth) keeps its row, marked revoked: it is not an
 * installation any more (Bolt refuses its requests, sends there fail at once with the reason), and
 * SLACK_BOT_TOKEN, if it was that token, is not tried again. Installing again clears the mark.
 */
export class SlackInstallations {
  private seedFailedAt = -Infinity;
  private seeding: Promise<Installation> | null = null;
  /** Slack refused SLACK_BOT_TOKEN itself (revoked before we ever stored it): not asked again. */
  private seedRefused: Error | null = null;
  /** The last answer per team, for inbound authorize (`get`'s maxAgeMs). */
  private readonly recent = new Map<string, { installation: Installation; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly clients: SlackClients,
    private readonly clock: Clock,
    /** The token from SLACK_BOT_TOKEN, installed on first use. */
    private readonly seedToken: string | null,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS slack_installations (
      team_id      TEXT PRIMARY KEY,
      bot_token    TEXT NOT NULL,
      bot_user_id  TEXT NOT NULL,
      bot_id       TEXT,
      team_name    TEXT,
      installed_at TEXT NOT NULL
    )`);
    // Tables from before uninstalls were handled lack the two columns.
    const columns = new Set((db.prepare('PRAGMA table_info(slack_installations)').all() as { name: string }[]).map((c) => c.name));
    if (!columns.has('revoked_at')) db.exec('ALTER TABLE slack_installations ADD COLUMN revoked_at TEXT');
    if (!columns.has('revoked_reason')) db.exec('ALTER TABLE slack_installations ADD COLUMN revoked_reason TEXT');
  }

  /** The workspace's working installation (none once it was removed). */
  /**
   * `maxAgeMs`: an answer read that recently may be reused (inbound authorize, see AUTHORIZE_REUSE_MS).
   * Writes through this object clear what is kept, so only another thread's write can be that late.
   */
  get(teamId: string, options: { maxAgeMs?: number } = {}): Installation | undefined {
    const kept = options.maxAgeMs ? this.recent.get(teamId) : undefined;
    if (kept && performance.now() - kept.at < options.maxAgeMs!) return kept.installation;
    const row = stmt(this.db, 'SELECT * FROM slack_installations WHERE team_id = ? AND revoked_at IS NULL').get(teamId) as Row | undefined;
    const installation = row && toInstallation(row);
    if (installation) this.recent.set(teamId, { installation, at: performance.now() });
    else this.recent.delete(teamId);
    return installation;
  }

  list(): Installation[] {
    return (stmt(this.db, 'SELECT * FROM slack_installations WHERE revoked_at IS NULL ORDER BY team_id').all() as Row[]).map(toInstallation);
  }

  /** Why the workspace's installation was removed, if it was (and not installed again since). */
  removal(teamId: string): Removal | undefined {
    const row = stmt(this.db, 'SELECT revoked_at, revoked_reason FROM slack_installations WHERE team_id = ? AND revoked_at IS NOT NULL').get(teamId) as
      | Pick<Row, 'revoked_at' | 'revoked_reason'>
      | undefined;
    return row ? { at: row.revoked_at!, reason: row.revoked_reason ?? 'removed' } : undefined;
  }

  /**
   * Marks the workspace's installation removed; with `token`, only if that is still its token (a
   * call with an old token must not revoke a newer install). The installation it revoked, or null
   * when there was nothing to revoke (never installed, removed already, installed again since).
   */
  revoke(teamId: string, reason: string, options: { token?: string } = {}): Installation | null {
    this.recent.clear();
    const row = stmt(this.db, 
        `UPDATE slack_installations SET revoked_at = @at, revoked_reason = @reason
         WHERE team_id = @teamId AND revoked_at IS NULL AND (@token IS NULL OR bot_token = @token)
         RETURNING *`,
      )
      .get({ teamId, reason, token: options.token ?? null, at: this.clock.now().toISOString() }) as Row | undefined;
    return row ? toInstallation(row) : null;
  }

  /** Asks Slack who a bot token belongs to (auth.test) and stores it as that team's installation. */
  async install(botToken: string): Promise<Installation> {
    try {
      const result = await this.clients.get(botToken, 'interactive').auth.test();
      if (!result.team_id || !result.user_id) throw new AuthError('auth.test did not name a team and a bot user');
      const installation: Installation = {
        teamId: result.team_id,
        botToken,
        botUserId: result.user_id,
        botId: result.bot_id ?? null,
        teamName: result.team ?? null,
      };
      this.save(installation);
      return installation;
    } catch (error) {
      throw mapSlackError(error, 'auth.test');
    }
  }

  save(installation: Installation): void {
    this.recent.clear();
    stmt(this.db, 
        `INSERT INTO slack_installations (team_id, bot_token, bot_user_id, bot_id, team_name, installed_at)
         VALUES (@teamId, @botToken, @botUserId, @botId, @teamName, @at)
         ON CONFLICT (team_id) DO UPDATE SET bot_token = excluded.bot_token, bot_user_id = excluded.bot_user_id,
           bot_id = excluded.bot_id, team_name = excluded.team_name, revoked_at = NULL, revoked_reason = NULL`,
      )
      .run({ ...installation, at: this.clock.now().toISOString() });
  }

  /**
   * The installation of SLACK_BOT_TOKEN, from the table if it is there, else by auth.test now. If Slack
   * is unreachable this fails (and is retried on a later request), instead of breaking every request.
   * A token whose workspace removed the app (or that Slack refused outright) is not tried again: null.
   */
  async seed(): Promise<Installation | null> {
    if (!this.seedToken) return null;
    const known = stmt(this.db, 'SELECT * FROM slack_installations WHERE bot_token = ?').get(this.seedToken) as Row | undefined;
    if (known) return known.revoked_at ? null : toInstallation(known);
    if (this.seedRefused) throw this.seedRefused;
    if (performance.now() - this.seedFailedAt < SEED_RETRY_MS) throw new TransientError('SLACK_BOT_TOKEN could not be checked with auth.test a moment ago');
    this.seeding ??= this.install(this.seedToken)
      .catch((error: unknown) => {
        this.seedFailedAt = performance.now();
        const code = revokedTokenCode(error);
        if (code) this.seedRefused = new AuthError(`Slack refuses SLACK_BOT_TOKEN (auth.test: ${code}); set the bot token of a current installation and restart`, error);
        throw error;
      })
      .finally(() => {
        this.seeding = null;
      });
    return this.seeding;
  }

  /**
   * The installation for a workspace; seeds SLACK_BOT_TOKEN first if that workspace is not known yet.
   * `waitMs` caps the wait for that auth.test (Bolt authorizes before a listener can ack, and Slack
   * gives 3 s): past it the request is refused as transient while the check finishes in the
   * background, so the next request finds the installation.
   */
  async require(teamId: string, options: { waitMs?: number; maxAgeMs?: number } = {}): Promise<Installation> {
    const found = this.get(teamId, { maxAgeMs: options.maxAgeMs });
    if (found) return found;
    let seedFailure: unknown = null;
    try {
      await withDeadline(this.seed(), options.waitMs, () => new TransientError(`SLACK_BOT_TOKEN is still being checked with auth.test (over ${options.waitMs} ms)`));
    } catch (error) {
      seedFailure = error;
    }
    const seeded = this.get(teamId);
    if (seeded) return seeded;
    // Removed: final for every send (no retries), whatever SLACK_BOT_TOKEN's check said.
    const removal = this.removal(teamId);
    if (removal) throw new TargetGoneError(removedMessage(teamId, this.teamName(teamId), removal));
    if (seedFailure) throw seedFailure;
    throw new AuthError(`Tovholder is not installed in Slack workspace ${teamId}`);
  }

  private teamName(teamId: string): string | null {
    return (stmt(this.db, 'SELECT team_name FROM slack_installations WHERE team_id = ?').pluck().get(teamId) as string | null | undefined) ?? null;
  }
}

function removedMessage(teamId: string, teamName: string | null, removal: Removal): string {
  const where = teamName ? `${teamName} (${teamId})` : teamId;
  return `Tovholder was removed from the Slack workspace ${where} (${removal.reason}, ${removal.at}); nothing is sent there until it is installed again`;
}

/** `promise`, or `timeout()` thrown after `ms` (the promise keeps running; its failure is not lost as unhandled). */
function withDeadline<T>(promise: Promise<T>, ms: number | undefined, timeout: () => Error): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function toInstallation(row: Row): Installation {
  return { teamId: row.team_id, botToken: row.bot_token, botUserId: row.bot_user_id, botId: row.bot_id, teamName: row.team_name };
}

/**
 * Bolt's InstallationStore over the installations table: the OAuth flow (/slack/oauth_redirect) stores
 * each workspace's bot token here, and Bolt's authorize reads it back per team. Org-wide (Enterprise
 * Grid) installs are refused: Tovholder keeps programmes per workspace.
 */
export function installationStore(installations: () => SlackInstallations | null, options: { waitMs?: number } = {}): InstallationStore {
  const table = (): SlackInstallations => {
    const found = installations();
    if (!found) throw new TransientError('the Slack adapter is not attached to the core yet');
    return found;
  };
  return {
    async storeInstallation(installation) {
      if (installation.isEnterpriseInstall || !installation.team?.id) throw new Error('Tovholder is installed per workspace, not for a whole Enterprise Grid organisation');
      if (!installation.bot) throw new Error('the installation has no bot token (is the bot scope list empty?)');
      table().save({
        teamId: installation.team.id,
        botToken: installation.bot.token,
        botUserId: installation.bot.userId,
        botId: installation.bot.id || null,
        teamName: installation.team.name ?? null,
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<BoltInstallation<'v2', false>> {
      if (!query.teamId) throw new AuthError('Tovholder is installed per workspace; this request names no workspace');
      const found = await table().require(query.teamId, { ...options, maxAgeMs: AUTHORIZE_REUSE_MS });
      return {
        team: { id: found.teamId, ...(found.teamName ? { name: found.teamName } : {}) },
        enterprise: undefined,
        user: { token: undefined, scopes: undefined, id: '' },
        bot: { token: found.botToken, userId: found.botUserId, id: found.botId ?? '', scopes: [] },
        tokenType: 'bot',
        isEnterpriseInstall: false,
        authVersion: 'v2',
      };
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (query.teamId) table().revoke(query.teamId, 'deleted');
    },
  };
}
