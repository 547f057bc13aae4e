import Database from 'better-sqlite3';
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { setMark } from './store.ts';
import { lastTickAt } from './ticks.ts';

/** The scheduler ticks every minute; two minutes without a tick means it has stopped. */
export const SCHEDULER_STALE_MS = 120_000;
/** How often each platform's credentials are checked (auth.test, a token request). */
export const AUTH_CHECK_EVERY_MS = 60_000;

export interface CheckState {
  ok: boolean;
  detail: string;
}

/** A platform's credential check: resolves with a short description, rejects if the platform refused. */
export interface AuthProbe {
  platform: string;
  check(): Promise<string>;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckState>;
}

/**
 * Liveness and readiness of the bot. Readiness: the database opens and takes a write, the scheduler
 * (on whichever thread or process runs it) has ticked lately, and each configured platform accepted
 * our credentials at its last check. Platforms are checked on a timer, not per probe, so a load
 * balancer probing every second does not turn into calls to Slack.
 */
export class Health {
  private readonly auth = new Map<string, CheckState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger; probes: AuthProbe[] }) {
    for (const probe of deps.probes) this.auth.set(probe.platform, { ok: false, detail: 'not checked yet' });
  }

  start(everyMs = AUTH_CHECK_EVERY_MS): Promise<void> {
    this.timer = setInterval(() => void this.checkPlatforms(), everyMs);
    this.timer.unref();
    return this.checkPlatforms();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkPlatforms(): Promise<void> {
    await Promise.all(
      this.deps.probes.map(async (probe) => {
        try {
          this.auth.set(probe.platform, { ok: true, detail: await probe.check() });
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          // Once per new refusal, not once a minute.
          if (this.auth.get(probe.platform)?.detail !== detail) this.deps.logger.warn({ platform: probe.platform, detail }, 'platform refused our credentials');
          this.auth.set(probe.platform, { ok: false, detail });
        }
      }),
    );
  }

  readiness(): Readiness {
    const checks: Record<string, CheckState> = { database: this.database(), scheduler: this.scheduler() };
    for (const [platform, state] of this.auth) checks[`platform:${platform}`] = state;
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /**
   * The bot's connections keep the file descriptors they opened with, and SQLite hands a new connection
   * in the same process a descriptor a closed one left behind, so a file made read-only would go
   * unnoticed through SQLite alone: the file's and directory's permissions are asked first (SQLite
   * creates its -wal and -shm files in that directory). Then a write on a fresh connection, one row in
   * ops_marks, catches a full disk, I/O errors and a lock held too long.
   */
  private database(): CheckState {
    const { db, clock } = this.deps;
    let probe: Db | null = null;
    try {
      if (!db.memory) {
        accessSync(db.name, constants.R_OK | constants.W_OK);
        accessSync(dirname(db.name), constants.W_OK);
      }
      probe = db.memory ? db : new Database(db.name, { fileMustExist: true, timeout: 1_000 });
      const write = probe.transaction(() => setMark(probe!, 'readyz_probe', clock.now()));
      write.immediate();
      return { ok: true, detail: 'opens and takes a write' };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    } finally {
      if (probe && probe !== db) probe.close();
    }
  }

  private scheduler(): CheckState {
    let at: Date | null;
    try {
      at = lastTickAt(this.deps.db);
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    if (!at) return { ok: false, detail: 'has not ticked yet' };
    const ago = Math.round((this.deps.clock.now().getTime() - at.getTime()) / 1000);
    return { ok: ago * 1000 <= SCHEDULER_STALE_MS, detail: `last tick ${ago} s ago` };
  }
}
