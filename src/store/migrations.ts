/**
 * Numbered migrations, applied in order inside one transaction each. Never edit a released migration:
 * add a new one. Instants are ISO-8601 UTC strings ("2027-01-04T08:00:00.000Z"), which sort correctly
 * as text; local dates are "yyyy-mm-dd".
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'programmes, partnerships, members, activities, reminders, deliveries',
    sql: `
      CREATE TABLE programmes (
        id           TEXT PRIMARY KEY,
        platform     TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        name         TEXT NOT NULL,
        template_id  TEXT NOT NULL,
        start_date   TEXT NOT NULL,
        timezone     TEXT NOT NULL,
        locale       TEXT NOT NULL,
        settings     TEXT NOT NULL,
        channel_ref  TEXT,
        created_by   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        UNIQUE (platform, workspace_id, name)
      );

      CREATE TABLE partnerships (
        id                   TEXT PRIMARY KEY,
        programme_id         TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        name                 TEXT NOT NULL,
        cultural_institution TEXT NOT NULL,
        daycare              TEXT NOT NULL,
        position             INTEGER NOT NULL,
        keywords             TEXT NOT NULL DEFAULT '[]',
        channel_ref          TEXT,
        UNIQUE (programme_id, name)
      );

      CREATE TABLE members (
        id             TEXT PRIMARY KEY,
        programme_id   TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_id TEXT REFERENCES partnerships(id) ON DELETE CASCADE,
        role           TEXT NOT NULL,
        user_ref       TEXT,
        email          TEXT,
        display_name   TEXT NOT NULL,
        locale         TEXT,
        dm_ref         TEXT
      );
      CREATE INDEX members_by_programme ON members(programme_id, partnership_id);
      CREATE INDEX members_by_user ON members(user_ref);

      -- What the consultant set by hand; the plan is recomputed from the template plus these.
      CREATE TABLE activity_overrides (
        programme_id    TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_key TEXT NOT NULL, -- partnership id, or '' for programme-wide steps
        step_key        TEXT NOT NULL,
        date            TEXT NOT NULL,
        start_time      TEXT,
        location        TEXT,
        PRIMARY KEY (programme_id, partnership_key, step_key)
      );

      CREATE TABLE activities (
        id                    TEXT PRIMARY KEY,
        programme_id          TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_id        TEXT REFERENCES partnerships(id) ON DELETE CASCADE,
        plan_key              TEXT NOT NULL,
        step_key              TEXT NOT NULL,
        kind                  TEXT NOT NULL,
        audience              TEXT NOT NULL,
        paired_partnership_id TEXT REFERENCES partnerships(id) ON DELETE SET NULL,
        local_date            TEXT NOT NULL,
        starts_at             TEXT NOT NULL,
        ends_at               TEXT NOT NULL,
        location              TEXT,
        pinned                INTEGER NOT NULL DEFAULT 0,
        revision              INTEGER NOT NULL DEFAULT 0,
        UNIQUE (programme_id, plan_key)
      );
      CREATE INDEX activities_by_start ON activities(programme_id, starts_at);

      -- One row per reminder and activity revision: moving an activity cancels the pending rows and
      -- adds new ones, so a reminder that already went out is never confused with the new one.
      CREATE TABLE reminders (
        id          TEXT PRIMARY KEY,
        activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        revision    INTEGER NOT NULL,
        offset_days INTEGER NOT NULL,
        due_at      TEXT NOT NULL,
        status      TEXT NOT NULL,
        handled_at  TEXT,
        UNIQUE (activity_id, revision, offset_days)
      );
      -- The tick asks only for what is due: a partial index keeps its cost proportional to that.
      CREATE INDEX reminders_due ON reminders(due_at) WHERE status = 'pending';
      CREATE INDEX reminders_by_activity ON reminders(activity_id);

      CREATE TABLE deliveries (
        id               INTEGER PRIMARY KEY,
        idempotency_key  TEXT NOT NULL UNIQUE,
        platform         TEXT NOT NULL,
        workspace_id     TEXT NOT NULL,
        programme_id     TEXT REFERENCES programmes(id) ON DELETE CASCADE,
        op               TEXT NOT NULL,
        target           TEXT NOT NULL,
        payload          TEXT NOT NULL,
        status           TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        -- 1 when an earlier attempt may have reached the platform (timeout, reset, crash mid-send)
        uncertain        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  TEXT NOT NULL,
        claimed_by       TEXT,
        lease_until      TEXT,
        first_attempt_at TEXT,
        last_error       TEXT,
        result_ref       TEXT,
        created_at       TEXT NOT NULL,
        finished_at      TEXT
      );
      CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_leased ON deliveries(lease_until) WHERE status = 'sending';
      CREATE INDEX deliveries_by_programme ON deliveries(programme_id, status);

      -- A user's own choices (language), independent of any programme.
      CREATE TABLE user_settings (
        platform     TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        user_ref     TEXT NOT NULL,
        locale       TEXT,
        PRIMARY KEY (platform, workspace_id, user_ref)
      );

      -- Inbound platform events already handled (Slack redelivers events; dedupe by its event id).
      CREATE TABLE inbound_events (
        event_key   TEXT PRIMARY KEY,
        received_at TEXT NOT NULL
      );
    `,
  },
];
