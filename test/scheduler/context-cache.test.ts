import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../outbox/harness.ts';
import { DAY, messagesOf, reminderRows, setUpProgramme, tickUntil, world, type World } from './harness.ts';

/**
 * The scheduler keeps each programme's row, groups and members from one tick to the next while
 * nothing of them changed (src/scheduler/context.ts, migration 14). These are the changes a
 * consultant makes between two reminders of the same activity: the second must show them.
 */

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

function reminderOf(w: World, stepKey: string, partnershipId: string, offsetDays: number) {
  const row = reminderRows(w.core).find((r) => r.stepKey === stepKey && r.partnershipId === partnershipId && r.offsetDays === offsetDays);
  if (!row) throw new Error(`no reminder ${stepKey} ${offsetDays} for ${partnershipId}`);
  return row;
}

const textOf = (message: unknown) => JSON.stringify(message);

describe('scheduler: what changed between two reminders shows in the second', () => {
  it('a culture staff member who joins gets the next direct reminder, and one who left does not', async () => {
    const w = world();
    const { programme, partnerships } = setUpProgramme(w.core);
    const p1 = partnerships[0]!;
    const draft = reminderOf(w, 'foerste-udkast', p1.id, 5);
    const adjust = reminderOf(w, 'justering', p1.id, 5);
    await tickUntil(w, Date.parse(draft.dueAt) + DAY);
    expect(messagesOf(w.fake, draft.id).map((m) => m.channelRef)).toEqual(['D-UC0']);

    const outcome = w.core.programmes.addMemberToPartnership(programme, p1, { role: 'culture_staff', userRef: 'UC9', email: null, displayName: 'Ny Formidler' });
    expect(outcome).toBeTruthy();
    const leaving = w.core.repos.members.listForPartnership(p1.id).find((m) => m.userRef === 'UC0')!;
    expect(w.core.repos.members.remove(leaving.id)).toBe(true);
    await tickUntil(w, Date.parse(adjust.dueAt) + DAY);

    expect(messagesOf(w.fake, adjust.id).map((m) => m.channelRef)).toEqual(['D-UC9']);
  });

  it('a group and a programme renamed by another process show their new names in the next reminder', async () => {
    const { dir, cleanup } = tempDir('tovholder-context-');
    cleanups.push(cleanup);
    const dbPath = join(dir, 'bot.db');
    const w = world({ dbPath });
    cleanups.push(() => w.core.close());
    const { programme, partnerships } = setUpProgramme(w.core);
    const p1 = partnerships[0]!;
    const first = reminderOf(w, 'nysgerrighed', p1.id, 5);
    const second = reminderOf(w, 'nysgerrighed', p1.id, 1);
    await tickUntil(w, Date.parse(first.dueAt) + 1);
    const [before] = messagesOf(w.fake, first.id);
    expect(textOf(before!.message)).toContain('Museum 1');
    expect(textOf(before!.message)).toContain('Små Partnerskaber 2027');

    // Another connection, as the command thread or a second process would write.
    const other = new Database(dbPath);
    other.prepare('UPDATE partnerships SET cultural_institution = ? WHERE id = ?').run('Kunsthallen Brandts', p1.id);
    other.prepare('UPDATE programmes SET name = ? WHERE id = ?').run('Små Partnerskaber, forår 2027', programme.id);
    other.close();
    await tickUntil(w, Date.parse(second.dueAt) + 1);

    const [after] = messagesOf(w.fake, second.id);
    expect(textOf(after!.message)).toContain('Kunsthallen Brandts');
    expect(textOf(after!.message)).not.toContain('Museum 1');
    expect(textOf(after!.message)).toContain('Små Partnerskaber, forår 2027');
  });

});
