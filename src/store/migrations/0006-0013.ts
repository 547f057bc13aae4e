import type { Migration } from '../migrations.ts';

/**
 * The second era (Dec 2026): programme shapes (group types, organisations, windows, pairings), uploaded
 * templates, meeting actions, the watch on quiet groups, series, leaving, the programme a user works on,
 * and template snapshots in a table of their own.
 */
export const migrations0006to0013: Migration[] = [
  {
    version: 6,
    name: 'programme shapes: group types, organisations, formats, windows, pairings, template snapshot',
    rebuildsTables: true,
    sql: `
      -- Partnerships become groups of any type (network, track, steering group). Networks have no cultural
      -- institution or daycare, so those columns lose NOT NULL, which SQLite only allows by rebuilding
      -- the table (foreign keys are off meanwhile, so members and activities keep their rows).
      CREATE TABLE partnerships_v6 (
        id                   TEXT PRIMARY KEY,
        programme_id         TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        name                 TEXT NOT NULL,
        group_type           TEXT NOT NULL DEFAULT 'partnership',
        template_key         TEXT,
        cultural_institution TEXT,
        daycare              TEXT,
        position             INTEGER NOT NULL,
        keywords             TEXT NOT NULL DEFAULT '[]',
        channel_ref          TEXT,
        UNIQUE (programme_id, name)
      );
      INSERT INTO partnerships_v6 (id, programme_id, name, cultural_institution, daycare, position, keywords, channel_ref)
        SELECT id, programme_id, name, cultural_institution, daycare, position, keywords, channel_ref FROM partnerships;
      DROP TABLE partnerships;
      ALTER TABLE partnerships_v6 RENAME TO partnerships;

      -- The municipalities of a network; each joins in order (position), which pairings rotate by.
      CREATE TABLE organisations (
        id           TEXT PRIMARY KEY,
        programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        group_id     TEXT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        position     INTEGER NOT NULL,
        UNIQUE (group_id, name)
      );
      CREATE INDEX organisations_by_programme ON organisations(programme_id, group_id, position);
      ALTER TABLE members ADD COLUMN organisation_id TEXT REFERENCES organisations(id) ON DELETE SET NULL;

      ALTER TABLE activities ADD COLUMN paired_organisation_ids TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE activities ADD COLUMN format TEXT;
      ALTER TABLE activities ADD COLUMN meeting_link TEXT;
      ALTER TABLE activities ADD COLUMN window_from TEXT;
      ALTER TABLE activities ADD COLUMN window_to TEXT;
      ALTER TABLE activities ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;

      -- A format, place or link can be set without a date (which would pin the activity): date becomes
      -- nullable, so this table is rebuilt too. Only rows with a date move activities.
      CREATE TABLE activity_overrides_v6 (
        programme_id    TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_key TEXT NOT NULL, -- group id, or '' for programme-wide steps
        step_key        TEXT NOT NULL,
        date            TEXT,
        start_time      TEXT,
        location        TEXT,
        format          TEXT,
        meeting_link    TEXT,
        PRIMARY KEY (programme_id, partnership_key, step_key)
      );
      INSERT INTO activity_overrides_v6 (programme_id, partnership_key, step_key, date, start_time, location)
        SELECT programme_id, partnership_key, step_key, date, start_time, location FROM activity_overrides;
      DROP TABLE activity_overrides;
      ALTER TABLE activity_overrides_v6 RENAME TO activity_overrides;

      -- A request to set a window step's date is stored and sent like a reminder.
      ALTER TABLE reminders ADD COLUMN purpose TEXT NOT NULL DEFAULT 'reminder';

      -- A consultant's swap: the order the rotation of one step in one group uses ('' for between groups).
      CREATE TABLE pairing_orders (
        programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        step_key     TEXT NOT NULL,
        group_key    TEXT NOT NULL,
        order_json   TEXT NOT NULL,
        PRIMARY KEY (programme_id, step_key, group_key)
      );

      -- The template as it was when the programme was created: a programme keeps its version.
      ALTER TABLE programmes ADD COLUMN template_json TEXT;
    `,
  },
  {
    version: 7,
    name: 'consultants\' own templates',
    sql: `
      -- Templates a consultant shared with the bot, per workspace. A row is never changed: a new upload
      -- of the same id is a new row with a higher version, so a programme created from version 1 can
      -- still be explained, and the command thread and the main thread read the same rows.
      CREATE TABLE templates (
        platform     TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        template_id  TEXT NOT NULL,
        version      INTEGER NOT NULL,
        json         TEXT NOT NULL,
        added_by     TEXT NOT NULL,
        added_at     TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, template_id, version)
      );
    `,
  },
  {
    version: 8,
    name: 'meeting actions and the questions for them',
    sql: `
      -- After a meeting whose step has \`actions: true\` its owner is asked for the minutes' actions. One
      -- row per meeting-like activity, kept in step with the plan by triggers (as evaluation_rounds):
      -- the pass reads only what is due and skips activities whose step asks for no actions.
      CREATE TABLE action_asks (
        activity_id    TEXT PRIMARY KEY,
        programme_id   TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_id TEXT,
        step_key       TEXT NOT NULL,
        due_at         TEXT NOT NULL,
        status         TEXT NOT NULL DEFAULT 'pending', -- pending | asked | skipped
        member_id      TEXT REFERENCES members(id) ON DELETE SET NULL,
        asked_at       TEXT
      );
      CREATE INDEX action_asks_due ON action_asks(due_at) WHERE status = 'pending';
      CREATE INDEX action_asks_by_member ON action_asks(member_id);
      INSERT INTO action_asks (activity_id, programme_id, partnership_id, step_key, due_at)
        SELECT id, programme_id, partnership_id, step_key, ends_at FROM activities
         WHERE kind IN ('meeting', 'seminar', 'workshop', 'conference');
      CREATE TRIGGER action_asks_planned AFTER INSERT ON activities
        WHEN NEW.kind IN ('meeting', 'seminar', 'workshop', 'conference') BEGIN
        INSERT OR IGNORE INTO action_asks (activity_id, programme_id, partnership_id, step_key, due_at)
        VALUES (NEW.id, NEW.programme_id, NEW.partnership_id, NEW.step_key, NEW.ends_at);
      END;
      CREATE TRIGGER action_asks_moved AFTER UPDATE OF ends_at ON activities BEGIN
        UPDATE action_asks SET due_at = NEW.ends_at, status = 'pending' WHERE activity_id = NEW.id AND status IN ('pending', 'skipped');
      END;
      CREATE TRIGGER action_asks_unplanned AFTER DELETE ON activities BEGIN
        DELETE FROM action_asks WHERE activity_id = OLD.id AND status IN ('pending', 'skipped');
      END;

      -- An action from a meeting's minutes. The owner is a member; when they leave the programme the
      -- row stays with owner_member_id NULL ("uden ejer") and the name they had. The meeting's title
      -- and date are copied: an action outlives a replan that drops its activity.
      CREATE TABLE meeting_actions (
        id              TEXT PRIMARY KEY,
        programme_id    TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        partnership_id  TEXT REFERENCES partnerships(id) ON DELETE SET NULL,
        activity_id     TEXT,
        meeting_title   TEXT NOT NULL,
        meeting_date    TEXT NOT NULL,
        owner_member_id TEXT REFERENCES members(id) ON DELETE SET NULL,
        owner_name      TEXT NOT NULL,
        text            TEXT NOT NULL,
        due_date        TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'open', -- open | done
        done_at         TEXT,
        -- The next reminder (UTC) and which it is (0: two working days before, 1: on the day); NULL: none left.
        remind_at       TEXT,
        remind_index    INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX meeting_actions_remind ON meeting_actions(remind_at) WHERE status = 'open' AND remind_at IS NOT NULL;
      CREATE INDEX meeting_actions_by_programme ON meeting_actions(programme_id, status);
      CREATE INDEX meeting_actions_by_owner ON meeting_actions(owner_member_id);
    `,
  },
  {
    version: 9,
    name: 'the watch on quiet groups',
    sql: `
      -- One row per group: when a person last wrote in its channel, when the watch looks next (a partial
      -- index, so the tick's "anything due?" query covers it), and what the consultant was last told,
      -- so one quiet spell or one fall in energy is told once. check_at '' is "look at once".
      CREATE TABLE group_watch (
        group_id      TEXT PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
        programme_id  TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
        last_human_at TEXT,
        check_at      TEXT,
        notified_key  TEXT
      );
      CREATE INDEX group_watch_due ON group_watch(check_at) WHERE check_at IS NOT NULL;
      INSERT INTO group_watch (group_id, programme_id, check_at) SELECT id, programme_id, '' FROM partnerships;
      CREATE TRIGGER group_watch_new_group AFTER INSERT ON partnerships BEGIN
        INSERT OR IGNORE INTO group_watch (group_id, programme_id, check_at) VALUES (NEW.id, NEW.programme_id, '');
      END;
      -- A closed evaluation may be a new energy result: the groups it asked are looked at again.
      CREATE TRIGGER group_watch_new_result AFTER UPDATE OF status ON evaluation_rounds WHEN NEW.status = 'closed' BEGIN
        UPDATE group_watch SET check_at = COALESCE(NEW.closed_at, '')
        WHERE programme_id = NEW.programme_id AND (NEW.partnership_id IS NULL OR group_id = NEW.partnership_id);
      END;
    `,
  },
  {
    version: 10,
    name: 'cancelled occurrences of repeating steps',
    sql: `
      -- An occurrence of a series the consultant cancelled (\`aflys\`): kept in the plan as "aflyst",
      -- without reminders. Which occurrence is in step_key / plan_key (\`step~3\`, \`step@group~3\`).
      ALTER TABLE activity_overrides ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE activities ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 11,
    name: 'evaluation answers outlive a member who leaves',
    rebuildsTables: true,
    sql: `
      -- \`fjern\` takes a person out of a programme. Their answers stay in the results, without a name:
      -- the prompt's member becomes NULL instead of the prompt (and its answers) being deleted with the
      -- member. SQLite cannot change a foreign key in place, so the table is rebuilt (foreign keys off,
      -- so evaluation_answers keeps its rows and its reference by name).
      CREATE TABLE evaluation_prompts_v11 (
        id             TEXT PRIMARY KEY,
        activity_id    TEXT NOT NULL REFERENCES evaluation_rounds(activity_id) ON DELETE CASCADE,
        member_id      TEXT REFERENCES members(id) ON DELETE SET NULL,
        partnership_id TEXT,
        locale         TEXT NOT NULL,
        asked_at       TEXT NOT NULL,
        nudge_at       TEXT NOT NULL,
        nudge_status   TEXT NOT NULL DEFAULT 'pending', -- pending | sent | skipped
        answered_at    TEXT,
        UNIQUE (activity_id, member_id)
      );
      INSERT INTO evaluation_prompts_v11 (id, activity_id, member_id, partnership_id, locale, asked_at, nudge_at, nudge_status, answered_at)
        SELECT id, activity_id, member_id, partnership_id, locale, asked_at, nudge_at, nudge_status, answered_at FROM evaluation_prompts;
      DROP TABLE evaluation_prompts;
      ALTER TABLE evaluation_prompts_v11 RENAME TO evaluation_prompts;
      CREATE INDEX evaluation_prompts_nudge_due ON evaluation_prompts(nudge_at) WHERE nudge_status = 'pending';
      CREATE INDEX evaluation_prompts_by_member ON evaluation_prompts(member_id);
    `,
  },
  {
    version: 12,
    name: 'the programme a user works on',
    sql: `
      -- A consultant running several programmes picks, with \`forløb <navn>\`, the one their commands act on
      -- outside the programmes' channels. Gone with the programme: then the newest one they take part in.
      ALTER TABLE user_settings ADD COLUMN programme_id TEXT REFERENCES programmes(id) ON DELETE SET NULL;
    `,
  },
  {
    version: 13,
    name: 'template snapshots in a table of their own, shared by programmes',
    sql: `
      -- A programme's snapshot of its template (tens of KB of JSON) was a column of programmes: every
      -- read of a programme decoded it, and every programme of the same template stored it again. Now
      -- programmes point at one row per distinct text. A row is never changed or deleted, so its id names
      -- its text for good and a parsed template can be kept by id (TemplateRegistry.ofProgramme);
      -- AUTOINCREMENT keeps an id from ever being reused.
      CREATE TABLE template_snapshots (
        id   INTEGER PRIMARY KEY AUTOINCREMENT,
        json TEXT NOT NULL UNIQUE
      );
      INSERT OR IGNORE INTO template_snapshots (json)
        SELECT template_json FROM programmes WHERE template_json IS NOT NULL ORDER BY rowid;
      ALTER TABLE programmes ADD COLUMN snapshot_id INTEGER REFERENCES template_snapshots(id);
      UPDATE programmes SET snapshot_id = (SELECT s.id FROM template_snapshots s WHERE s.json = programmes.template_json)
        WHERE template_json IS NOT NULL;
      ALTER TABLE programmes DROP COLUMN template_json;
    `,
  },
];
