import { describe, expect, it } from 'vitest';
import type { Template } from '../../src/domain/template.ts';
import { PlanError, planProgramme, previewMove, withOverride } from '../../src/timeline/plan.ts';
import { find, localWallClock, move, planInput, smaa } from './fixtures.ts';

/** Steps counted (directly or through others) from `root`: the ones a move of `root` must carry along. */
function dependents(template: Template, root: string): Set<string> {
  const found = new Set([root]);
  for (const step of template.steps) {
    if ('from' in step.placement && found.has(step.placement.from)) found.add(step.key);
  }
  return found;
}

describe('moving the mid-way workshop', () => {
  const input = planInput('2027-01-04');
  const before = planProgramme(input);
  const preview = previewMove(input, move('midtvejsworkshop', '2027-03-15'));

  it('moves exactly the workshop and what is counted from it', () => {
    const moved = dependents(smaa(), 'midtvejsworkshop');
    const expected = before.activities.filter((a) => moved.has(a.stepKey)).map((a) => a.key);
    expect(preview.changes.map((c) => c.key).sort()).toEqual(expected.sort());
    expect(moved).toContain('foerste-udkast');
    expect(moved).toContain('evt-justering-2');
    for (const fixed of ['opstartsworkshop', 'nysgerrighed@p1', 'dialog-1@p1', 'afslutningsworkshop']) {
      expect(preview.changes.map((c) => c.key)).not.toContain(fixed);
    }
  });

  it('carries the draft deadline and the trial chain to hand-checked dates', () => {
    const after = preview.plan;
    expect(find(after, 'midtvejsworkshop').date).toBe('2027-03-15');
    expect(find(after, 'foerste-udkast', 'p1').date).toBe('2027-03-08');
    expect(find(after, 'planlaeg-midtvejsworkshop').date).toBe('2027-03-01');
    expect(find(after, 'afproevning-1', 'p1').date).toBe('2027-04-19');
    expect(find(after, 'afproevning-2', 'p1').date).toBe('2027-05-07');
    expect(find(after, 'opstartsworkshop').date).toBe('2027-01-04');
  });

  it('reports each change as the start before and after', () => {
    const draft = preview.changes.find((c) => c.key === 'foerste-udkast@p2');
    expect(draft).toEqual({
      key: 'foerste-udkast@p2',
      stepKey: 'foerste-udkast',
      partnershipId: 'p2',
      from: find(before, 'foerste-udkast', 'p2').startsAt,
      to: find(preview.plan, 'foerste-udkast', 'p2').startsAt,
    });
    expect(localWallClock(draft!.to)).toBe('2027-03-08 16:00');
  });

  it('pins the moved workshop only', () => {
    expect(preview.plan.activities.filter((a) => a.pinned).map((a) => a.key)).toEqual(['midtvejsworkshop']);
  });

  it('applies by planning again with the override, leaving the input alone', () => {
    const applied = planProgramme({ ...input, overrides: withOverride(input.overrides, move('midtvejsworkshop', '2027-03-15')) });
    expect(applied).toEqual(preview.plan);
    expect(input.overrides).toEqual([]);
  });

  it('pulls the end of the trial chain back so it still ends before the closing workshop', () => {
    expect(preview.warnings).toEqual([]);
    const closing = find(preview.plan, 'afslutningsworkshop');
    expect(closing.date).toBe('2027-05-18');
    // Counted from the moved workshop these would land 12 and 20 May; each keeps a working day to the next.
    expect(find(preview.plan, 'dialog-andet-partnerskab', 'p1').date).toBe('2027-05-12');
    expect(find(preview.plan, 'evt-justering-2', 'p1').date).toBe('2027-05-14');
    for (const a of preview.plan.activities.filter((x) => x.stepKey.startsWith('evt-justering') || x.stepKey.includes('afproevning'))) {
      expect(a.startsAt < closing.startsAt).toBe(true);
    }
  });

  it('packs the chain into the weeks before the closing workshop when the mid-way workshop moves late', () => {
    const late = previewMove(planInput('2026-12-07'), move('midtvejsworkshop', '2027-03-08'));
    expect(late.warnings).toEqual([]);
    const chain = ['afproevning-1', 'dialog-2', 'evt-justering-1', 'afproevning-2', 'dialog-andet-partnerskab', 'evt-justering-2'];
    expect(chain.map((k) => find(late.plan, k, 'p2').date)).toEqual(['2027-04-09', '2027-04-12', '2027-04-13', '2027-04-14', '2027-04-15', '2027-04-16']);
    expect(find(late.plan, 'afslutningsworkshop').date).toBe('2027-04-19');
  });

  it('names the conflict once per partnership when the chain cannot fit at all', () => {
    const squeezed = previewMove(planInput('2026-12-07'), move('midtvejsworkshop', '2027-04-12'));
    expect(squeezed.warnings.map((w) => w.key)).toEqual(['p1', 'p2', 'p3', 'p4'].map((id) => `afproevning-1@${id}`));
    expect(squeezed.warnings[0]!.message.da).toBe(
      'Afprøvning 1 kan ikke nå at ligge efter Midtvejsworkshop (mandag 12. april 2027) og før Afslutningsworkshop (mandag 19. april 2027).',
    );
  });

  it('leaves a pinned dependent (and what follows it) where it was', () => {
    const pinned = planInput('2027-01-04', { overrides: [move('afproevning-1', '2027-04-14', 'p1')] });
    const result = previewMove(pinned, move('midtvejsworkshop', '2027-03-15'));
    const changed = result.changes.map((c) => c.key);
    expect(changed).not.toContain('afproevning-1@p1');
    expect(changed).not.toContain('dialog-2@p1');
    expect(changed).toContain('afproevning-1@p2');
    expect(changed).toContain('foerste-udkast@p1');
    expect(find(result.plan, 'afproevning-1', 'p1')).toMatchObject({ date: '2027-04-14', pinned: true });
  });

  it('keeps a date set on a day off, counts from it, and says which day it is', () => {
    const holiday = previewMove(input, move('midtvejsworkshop', '2027-03-26'));
    expect(find(holiday.plan, 'midtvejsworkshop').date).toBe('2027-03-26');
    expect(find(holiday.plan, 'foerste-udkast', 'p1').date).toBe('2027-03-18');
    const [warning] = holiday.warnings.filter((w) => w.code === 'not_working_day');
    expect(warning?.key).toBe('midtvejsworkshop');
    expect(warning?.message.da).toBe(
      'Midtvejsworkshop ligger fredag 26. marts 2027, som ikke er en arbejdsdag (Langfredag).',
    );
    const saturday = previewMove(input, move('midtvejsworkshop', '2027-03-13'));
    expect(saturday.warnings.find((w) => w.code === 'not_working_day')?.message.da).toContain('lørdag 13. marts 2027');
    expect(saturday.warnings.find((w) => w.code === 'not_working_day')?.message.en).toContain('(weekend)');
  });

  it('takes a new start time and keeps the duration', () => {
    const later = previewMove(input, { ...move('midtvejsworkshop', '2027-03-15'), startTime: '12:00' });
    const workshop = find(later.plan, 'midtvejsworkshop');
    expect([workshop.startsAt, workshop.endsAt]).toEqual(['2027-03-15T11:00:00.000Z', '2027-03-15T15:00:00.000Z']);
  });
});

describe('overrides', () => {
  it('pull the visit back before a dialogue pinned before it, and warn when that cannot be', () => {
    const plan = planProgramme(planInput('2027-01-04', { overrides: [move('dialog-1', '2027-02-03', 'p1')] }));
    expect(plan.warnings).toEqual([]);
    expect(find(plan, 'nysgerrighed', 'p1').date).toBe('2027-02-02');
    const tooEarly = planProgramme(planInput('2027-01-04', { overrides: [move('dialog-1', '2027-01-05', 'p1')] }));
    expect(tooEarly.warnings).toEqual([expect.objectContaining({ key: 'nysgerrighed@p1', code: 'order' })]);
    expect(tooEarly.warnings[0]!.message.da).toContain('Nysgerrighed kan ikke nå at ligge efter Opstartsworkshop');
  });

  it('replace an earlier override of the same activity and keep its time unless a new one is given', () => {
    const first = { ...move('midtvejsworkshop', '2027-03-15'), startTime: '12:00', location: 'Kornets Hus' };
    const next = withOverride([first, move('nysgerrighed', '2027-02-09', 'p1')], move('midtvejsworkshop', '2027-03-22'));
    expect(next).toEqual([
      move('nysgerrighed', '2027-02-09', 'p1'),
      { ...move('midtvejsworkshop', '2027-03-22'), startTime: '12:00', location: 'Kornets Hus' },
    ]);
    const plan = planProgramme(planInput('2027-01-04', { overrides: next }));
    expect(find(plan, 'midtvejsworkshop')).toMatchObject({ date: '2027-03-22', location: 'Kornets Hus' });
  });

  it('refuse an activity that does not exist or a date that is not one', () => {
    const input = planInput('2027-01-04');
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof PlanError ? e.code : e;
      }
      return 'no error';
    };
    expect(error(() => previewMove(input, move('no-such-step', '2027-03-15')))).toBe('unknown_activity');
    expect(error(() => previewMove(input, move('nysgerrighed', '2027-02-09')))).toBe('unknown_activity');
    expect(error(() => previewMove(input, move('nysgerrighed', '2027-02-09', 'p9')))).toBe('unknown_activity');
    expect(error(() => previewMove(input, move('midtvejsworkshop', '2027-02-30')))).toBe('invalid_override');
    expect(error(() => previewMove(input, { ...move('midtvejsworkshop', '2027-03-15'), startTime: '25:00' }))).toBe(
      'invalid_override',
    );
  });
});
