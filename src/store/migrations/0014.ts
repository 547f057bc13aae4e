import type { Migration } from '../migrations.ts';

export const migrations0014: Migration[] = [
  {
    version: 14,
    name: "a programme's context version, bumped whenever its row, its groups or its members change",
    sql: `
      -- The scheduler keeps each programme's row, groups and members from one tick to the next
      -- (src/scheduler/context.ts) and reads only this number to know whether they still hold: a busy
      -- 09:00 tick reads a hundred programmes that rarely change from one day to the next. Triggers, not
      -- the repositories, bump it, so every writer on every connection (commands, the outbox thread, a
      -- \`tovholder tick\` in another process, hand-made SQL) is covered.
      --
      -- The numbers come from one counter, and a new programme takes one too: a number is never given
      -- twice, not even to a programme deleted and added again under the same id.
      -- A migration that rebuilds partnerships, members or programmes must create these triggers again.
      ALTER TABLE programmes ADD COLUMN context_version INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE context_versions (only INTEGER PRIMARY KEY CHECK (only = 1), last INTEGER NOT NULL);
      INSERT INTO context_versions VALUES (1, 0);

      -- The one place that draws a number. Any other UPDATE of the row lands here: the others below
      -- only touch their programme's row (SET context_version = context_version). The WHEN keeps this
      -- trigger's own UPDATE from landing here again.
      CREATE TRIGGER programme_context_changed AFTER UPDATE ON programmes WHEN NEW.context_version = OLD.context_version BEGIN
        UPDATE context_versions SET last = last + 1;
        UPDATE programmes SET context_version = (SELECT last FROM context_versions) WHERE id = NEW.id;
      END;
      CREATE TRIGGER programme_context_added AFTER INSERT ON programmes BEGIN
        UPDATE programmes SET context_version = context_version WHERE id = NEW.id;
      END;

      CREATE TRIGGER programme_context_group_added AFTER INSERT ON partnerships BEGIN
        UPDATE programmes SET context_version = context_version WHERE id = NEW.programme_id;
      END;
      CREATE TRIGGER programme_context_group_changed AFTER UPDATE ON partnerships BEGIN
        UPDATE programmes SET context_version = context_version WHERE id IN (OLD.programme_id, NEW.programme_id);
      END;
      CREATE TRIGGER programme_context_group_removed AFTER DELETE ON partnerships BEGIN
        UPDATE programmes SET context_version = context_version WHERE id = OLD.programme_id;
      END;

      CREATE TRIGGER programme_context_member_added AFTER INSERT ON members BEGIN
        UPDATE programmes SET context_version = context_version WHERE id = NEW.programme_id;
      END;
      CREATE TRIGGER programme_context_member_changed AFTER UPDATE ON members BEGIN
        UPDATE programmes SET context_version = context_version WHERE id IN (OLD.programme_id, NEW.programme_id);
      END;
      CREATE TRIGGER programme_context_member_removed AFTER DELETE ON members BEGIN
        UPDATE programmes SET context_version = context_version WHERE id = OLD.programme_id;
      END;
    `,
  },
];
