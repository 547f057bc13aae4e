import type { Clock } from '../../src/clock.ts';
import { AuthError, TransientError } from '../../src/platform/errors.ts';
import type { Db } from '../../src/store/db.ts';
import type { SlackClients } from './clients.ts';
import { mapSlackError } from './errors.ts';

/** One workspace the bot is installed in. */
export interface Installation {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string | null;
  teamName: string | null;
}

interface Row {
  team_id: string;
  bot_token: string;
  bot_user_id: string;
  bot_id: string | null;
  team_name: string | null;
}

/** After a failed auth.test, wait this long before asking Slack again (not on every request). */
const SEED_RETRY_MS = 2_000;

/**
 * Installations (team_id → bot token and bot user) in a table of the adapter's own. Every inbound
 * request is authorized from it and every outbound call uses its workspace's token, so several
 * workspaces on one bot never share a token or see each other's programmes.
 */
export class SlackInstallations {
  private seedFailedAt = -Infinity;
  private seeding: Promise<Installation> | null = null;

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
  }

  get(teamId: string): Installation | undefined {
    const row = this.db.prepare('SELECT * FROM slack_installations WHERE team_id = ?').get(teamId) as Row | undefined;
    return row && toInstallation(row);
  }

  list(): Installation[] {
    return (this.db.prepare('SELECT * FROM slack_installations ORDER BY team_id').all() as Row[]).map(toInstallation);
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
    this.db
      .prepare(
        `INSERT INTO slack_installations (team_id, bot_token, bot_user_id, bot_id, team_name, installed_at)
         VALUES (@teamId, @botToken, @botUserId, @botId, @teamName, @at)
         ON CONFLICT (team_id) DO UPDATE SET bot_token = excluded.bot_token, bot_user_id = excluded.bot_user_id,
           bot_id = excluded.bot_id, team_name = excluded.team_name`,
      )
      .run({ ...installation, at: this.clock.now().toISOString() });
  }

  /**
   * The installation of SLACK_BOT_TOKEN, from the table if it is there, else by auth.test now. If Slack
   * is unreachable this fails (and is retried on a later request), instead of breaking every request.
   */
  async seed(): Promise<Installation | null> {
    if (!this.seedToken) return null;
    const known = this.db.prepare('SELECT * FROM slack_installations WHERE bot_token = ?').get(this.seedToken) as Row | undefined;
    if (known) return toInstallation(known);
    if (performance.now() - this.seedFailedAt < SEED_RETRY_MS) throw new TransientError('SLACK_BOT_TOKEN could not be checked with auth.test a moment ago');
    this.seeding ??= this.install(this.seedToken)
      .catch((error: unknown) => {
        this.seedFailedAt = performance.now();
        throw error;
      })
      .finally(() => {
        this.seeding = null;
      });
    return this.seeding;
  }

  /** The installation for a workspace; seeds SLACK_BOT_TOKEN first if that workspace is not known yet. */
  async require(teamId: string): Promise<Installation> {
    const found = this.get(teamId);
    if (found) return found;
    await this.seed();
    const seeded = this.get(teamId);
    if (!seeded) throw new AuthError(`Tovholder is not installed in Slack workspace ${teamId}`);
    return seeded;
  }
}

function toInstallation(row: Row): Installation {
  return { teamId: row.team_id, botToken: row.bot_token, botUserId: row.bot_user_id, botId: row.bot_id, teamName: row.team_name };
}
