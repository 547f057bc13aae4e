import type { Migration } from '../migrations.ts';

/**
 * The first era (Nov 2026): the core schema of partnership programmes, evaluations, and the tick's and
 * the members' fixes to it.
 */
export const migrations0001to0005: Migration[] = [
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
  {
    version: 2,
    name: 'evaluation rounds, prompts and answers',
    sql: `
      -- One round per activity: its evaluation is due when the activity ends. Triggers keep due_at in
      -- step with the plan, so the scheduler pass reads only what is due (partial index) and the
      -- planner needs no knowledge of evaluations. Step and partnership are copied so results survive a
      -- replan that drops the activity.
      CREATE TABLE evaluation_rounds (
        activity_id    TEXT PRIMARY KEY,
        programme_id   TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_id TEXT,
        step_key       TEXT NOT NULL,
        due_at         TEXT NOT NULL,
        status         TEXT NOT NULL DEFAULT 'pending', -- pending | open | closed | skipped
        form           TEXT,                            -- the form as asked (JSON), so template edits cannot orphan answers
        asked_at       TEXT,
        closes_at      TEXT,
        closed_at      TEXT
      );
      CREATE INDEX evaluation_rounds_due ON evaluation_rounds(due_at) WHERE status = 'pending';
      CREATE INDEX evaluation_rounds_closing ON evaluation_rounds(closes_at) WHERE status = 'open';
      CREATE INDEX evaluation_rounds_by_programme ON evaluation_rounds(programme_id, status);

      -- Activities that exist already are due as planned; the pass skips those whose form has closed.
      INSERT INTO evaluation_rounds (activity_id, programme_id, partnership_id, step_key, due_at)
        SELECT id, programme_id, partnership_id, step_key, ends_at FROM activities;

      CREATE TRIGGER evaluation_rounds_planned AFTER INSERT ON activities BEGIN
        INSERT OR IGNORE INTO evaluation_rounds (activity_id, programme_id, partnership_id, step_key, due_at)
        VALUES (NEW.id, NEW.programme_id, NEW.partnership_id, NEW.step_key, NEW.ends_at);
      END;
      -- A moved activity is evaluated after its new end, unless its evaluation has already been asked.
      CREATE TRIGGER evaluation_rounds_moved AFTER UPDATE OF ends_at ON activities BEGIN
        UPDATE evaluation_rounds SET due_at = NEW.ends_at, status = 'pending'
        WHERE activity_id = NEW.id AND status IN ('pending', 'skipped');
      END;
      -- Rounds with answers are kept (results outlive a replan); only unasked ones go.
      CREATE TRIGGER evaluation_rounds_unplanned AFTER DELETE ON activities BEGIN
        DELETE FROM evaluation_rounds WHERE activity_id = OLD.id AND status IN ('pending', 'skipped');
      END;

      -- One prompt per member asked. partnership_id is the MEMBER's partnership: results shown in a
      -- partnership's channel only ever contain words of that partnership's own members.
      CREATE TABLE evaluation_prompts (
        id             TEXT PRIMARY KEY,
        activity_id    TEXT NOT NULL REFERENCES evaluation_rounds(activity_id) ON DELETE CASCADE,
        member_id      TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        partnership_id TEXT,
        locale         TEXT NOT NULL,
        asked_at       TEXT NOT NULL,
        nudge_at       TEXT NOT NULL,
        nudge_status   TEXT NOT NULL DEFAULT 'pending', -- pending | sent | skipped
        answered_at    TEXT,
        UNIQUE (activity_id, member_id)
      );
      CREATE INDEX evaluation_prompts_nudge_due ON evaluation_prompts(nudge_at) WHERE nudge_status = 'pending';
      CREATE INDEX evaluation_prompts_by_member ON evaluation_prompts(member_id);

      CREATE TABLE evaluation_answers (
        prompt_id    TEXT NOT NULL REFERENCES evaluation_prompts(id) ON DELETE CASCADE,
        question_key TEXT NOT NULL,
        value        TEXT NOT NULL,  -- scale: the number; choice: the option key; text: the text
        comment      TEXT,           -- what came with a number ("4 - they loved the fish")
        via          TEXT NOT NULL,  -- button | thread | direct
        answered_at  TEXT NOT NULL,
        changed_at   TEXT,
        PRIMARY KEY (prompt_id, question_key)
      );
    `,
  },
  {
    version: 3,
    name: 'deliveries by programme without status',
    sql: `
      -- Every delivery changes status two or three times (pending, sending, sent); with status in this
      -- index each change moved the entry, which was ~14 of ~52 ms of CPU in claiming 2,200 deliveries
      -- and half of the dispatcher's WAL pages. The only reader (a programme's deliveries, in id order)
      -- is served as well: rows are filtered by status, and the index's rowid order gives ORDER BY id.
      DROP INDEX deliveries_by_programme;
      CREATE INDEX deliveries_by_programme ON deliveries(programme_id);
    `,
  },
  {
    version: 4,
    name: 'reminders stored in due order',
    sql: `
      -- A tick marks the reminders due at one time. In a rowid table they lay in the order they were
      -- planned (programme by programme), so 1,000 due reminders sat on ~1,000 different pages, each
      -- rewritten to the WAL. Keyed by (due_at, id), the reminders due together share a few pages. A
      -- reminder's due_at never changes: a move cancels it and adds a new row.
      CREATE TABLE reminders_in_due_order (
        id          TEXT NOT NULL,
        activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        revision    INTEGER NOT NULL,
        offset_days INTEGER NOT NULL,
        due_at      TEXT NOT NULL,
        status      TEXT NOT NULL,
        handled_at  TEXT,
        PRIMARY KEY (due_at, id),
        UNIQUE (activity_id, revision, offset_days)
      ) WITHOUT ROWID;
      INSERT INTO reminders_in_due_order (id, activity_id, revision, offset_days, due_at, status, handled_at)
        SELECT id, activity_id, revision, offset_days, due_at, status, handled_at FROM reminders;
      DROP TABLE reminders;
      ALTER TABLE reminders_in_due_order RENAME TO reminders;
      CREATE UNIQUE INDEX reminders_by_id ON reminders(id);
      -- The tick asks only for what is due: a partial index keeps its cost proportional to that.
      CREATE INDEX reminders_due ON reminders(due_at) WHERE status = 'pending';
      -- Look-ups by activity use the UNIQUE (activity_id, ...) index, so reminders_by_activity is gone.
    `,
  },
  {
    version: 5,
    name: 'a person once per partnership',
    sql: `
      -- \`medlem\` twice used to add the same person twice (two rows, two welcomes). The command now
      -- says so instead; this index is the backstop. Earlier duplicates are merged into the first row:
      -- their evaluation prompts move to it (unless it has one for the same activity), then they go.
      UPDATE OR IGNORE evaluation_prompts SET member_id = (
        SELECT keep.id FROM members dup JOIN members keep
          ON keep.partnership_id = dup.partnership_id AND keep.user_ref = dup.user_ref
         WHERE dup.id = evaluation_prompts.member_id
         ORDER BY keep.rowid LIMIT 1
      ) WHERE member_id IN (SELECT id FROM members WHERE partnership_id IS NOT NULL AND user_ref IS NOT NULL);
      DELETE FROM members WHERE partnership_id IS NOT NULL AND user_ref IS NOT NULL AND rowid NOT IN (
        SELECT MIN(rowid) FROM members WHERE partnership_id IS NOT NULL AND user_ref IS NOT NULL GROUP BY partnership_id, user_ref
      );
      CREATE UNIQUE INDEX members_once_per_partnership ON members(partnership_id, user_ref)
        WHERE partnership_id IS NOT NULL AND user_ref IS NOT NULL;
    `,
  },
];
