/**
 * Before timing: the programme every reading command is about (as in the end-to-end test: one
 * programme, four partnerships of three), created through the bot with ordinary slash commands, and
 * a read-only view of the bot's database to see when its background work has settled.
 */
import Database from 'better-sqlite3';
import { CONSULTANT, SLACK_PARTNERSHIPS as PARTNERSHIPS, SLACK_PROGRAMME as PROGRAMME } from '../../test/support/slack-harness.ts';
import { fire, type Shot } from './load.ts';
import type { Setting } from './mix.ts';
import type { FakeHost, Target } from './processes.ts';


/** The bot's database, read-only, opened once the bot has created it. */
export class BotDb {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  /** Deliveries being sent or due now. Ones waiting for Slack's pacing or a Retry-After are not "busy". */
  busy(): number {
    return this.db
      .prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?)")
      .pluck()
      .get(new Date().toISOString()) as number;
  }

  /** Deliveries not yet sent (pending, sending, failed): the backlog a run leaves behind. */
  backlog(): Record<string, number> {
    const rows = this.db.prepare("SELECT status, COUNT(*) AS n FROM deliveries WHERE status != 'sent' GROUP BY status").all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  setting(): Setting {
    const programme = this.db.prepare('SELECT id, channel_ref FROM programmes WHERE name = ?').get(PROGRAMME) as { id: string; channel_ref: string | null };
    const partnerships = this.db.prepare('SELECT id, name, channel_ref FROM partnerships WHERE programme_id = ? ORDER BY position').all(programme.id) as { id: string; name: string; channel_ref: string | null }[];
    const members = this.db.prepare("SELECT user_ref FROM members WHERE partnership_id = ? AND user_ref IS NOT NULL ORDER BY user_ref").pluck();
    if (!programme.channel_ref || partnerships.some((p) => !p.channel_ref)) throw new Error('set-up incomplete: a channel was not created');
    return {
      programmeChannel: programme.channel_ref,
      partnerships: partnerships.map((p) => ({ name: p.name, channel: p.channel_ref!, members: members.all(p.id) as string[] })),
    };
  }

  close(): void {
    this.db.close();
  }
}

/** Polls `check` every `pollMs` until it holds; false (and a warning) after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) {
      process.stderr.write(`warning: gave up waiting for ${what} after ${timeoutMs / 1000} s\n`);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}

/** Creates the programme and its partnerships one command at a time, then waits for Slack to have it all. */
export async function setUpProgramme(bot: Target, fake: FakeHost, dbPath: string): Promise<{ db: BotDb; setting: Setting }> {
  const texts = [
    `opret "${PROGRAMME}" 2027-01-04`,
    ...PARTNERSHIPS.map((p, i) => `partnerskab "${p.name}" "${p.culture}" "${p.daycare}" <@U0K${i + 1}>=kultur <@U0D${i + 1}A>=dagtilbud <@U0D${i + 1}B>=dagtilbud`),
  ];
  const { responseUrls, triggerIds } = await fake.mint(texts.length);
  for (const [i, text] of texts.entries()) {
    const shot: Shot = { kind: 'opret', text, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl: responseUrls[i]!, triggerId: triggerIds[i]! };
    const [sample] = await fire(bot.eventsUrl, [shot], 1);
    if (sample?.status !== 200) throw new Error(`set-up command "${text}" got HTTP ${sample?.status}`);
    // In order: a partnership needs the programme.
    const answered = await until(async () => (await fake.answers([shot.responseUrl]))[0] !== null, 10_000, `the answer to "${text}"`);
    if (!answered) throw new Error(`set-up: no answer to "${text}". The bot wrote:\n${bot.output().slice(-4000)}`);
  }
  const db = new BotDb(dbPath);
  const ready = (): boolean => {
    const open = db.backlog();
    return !open.pending && !open.sending;
  };
  if (!(await until(ready, 120_000, 'the set-up to reach Slack'))) throw new Error(`set-up did not reach Slack: ${JSON.stringify(db.backlog())}`);
  return { db, setting: db.setting() };
}
