import { UserError } from '../../domain/errors.ts';
import type { Organisation, Partnership, Programme } from '../../domain/entities.ts';
import { addressOf, type Step, type Template } from '../../domain/template.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { byName, findGroup } from '../groups.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, findStep, normalize, requireConsultant } from '../resolve.ts';
import { shapesService } from '../shapes-port.ts';
import { COMMAND, tr } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';

/**
 * `byt besoeg-1 "Hjørring" "Brønderslev"`: the two swap places in the step's pairing, so each gets
 * the other's partner (organisations within a network; for pairings between groups, two groups).
 * A group's name after the step narrows where the organisations are looked for.
 */
export function swapCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  if (args.length < 3) throw new UserError('usage', both('usage', { usage: `${COMMAND} byt besoeg-1 "Hjørring" "Brønderslev"` }));
  const service = shapesService(core);
  const template = service.templateOf(programme);
  const [aName, bName] = args.slice(-2) as [string, string];
  const { step, groupName } = pairedStep(template, args.slice(0, -2));
  if (normalize(aName) === normalize(bName)) throw new UserError('swap_same', both('swapSame', { name: aName }));
  const pairing = step.pairing!;
  const betweenGroups = pairing === 'other_partnership' || pairing.between === 'groups';
  if (betweenGroups) {
    const a = findGroup(core, programme, aName);
    const b = findGroup(core, programme, bName);
    service.swapPairing(programme, { stepKey: step.key, groupId: null, a: a.id, b: b.id });
    return ephemeral(tr(locale, 'swapped', { a: a.name, b: b.name, step: pick(step.title, locale) }));
  }
  const groups = groupName ? [findGroup(core, programme, groupName)] : groupsOfStep(core, programme, template, step);
  const a = organisationIn(core, programme, groups, aName);
  const b = organisationIn(core, programme, groups, bName);
  if (a.group.id !== b.group.id) throw new UserError('swap_groups', both('swapDifferentGroups', { a: a.organisation.name, b: b.organisation.name }));
  service.swapPairing(programme, { stepKey: step.key, groupId: a.group.id, a: a.organisation.id, b: b.organisation.id });
  return ephemeral(tr(locale, 'swapped', { a: a.organisation.name, b: b.organisation.name, step: pick(step.title, locale) }));
}

/** The step (by key or title, maybe followed by a group's name); refuses a step that pairs no one. */
function pairedStep(template: Template, words: string[]): { step: Step; groupName: string | null } {
  for (let split = words.length; split >= 1; split -= 1) {
    const wanted = normalize(words.slice(0, split).join(' '));
    const step = template.steps.find((s) => [s.key, s.title.da, s.title.en ?? ''].some((n) => normalize(n) === wanted));
    if (!step) continue;
    if (!step.pairing) {
      const known = template.steps.filter((s) => s.pairing).map((s) => s.key).join(', ') || '–';
      throw new UserError('not_paired', both('notPaired', { step: words.slice(0, split).join(' '), known }));
    }
    return { step, groupName: words.slice(split).join(' ') || null };
  }
  findStep(template, words.join(' ')); // throws the "unknown activity" message with the list of names
  throw new UserError('usage', both('usage', { usage: `${COMMAND} byt besoeg-1 "Hjørring" "Brønderslev"` }));
}

/** The groups a step is held in: those of its `each` type (or every group). */
function groupsOfStep(core: Core, programme: Programme, template: Template, step: Step): Partnership[] {
  const all = shapesService(core).groupsOf(programme);
  const type = addressOf(template, step.audience).groupType;
  const ofType = all.filter((g) => (g.groupType ?? 'partnership') === type);
  return ofType.length > 0 ? ofType : all;
}

function organisationIn(core: Core, programme: Programme, groups: Partnership[], name: string): { group: Partnership; organisation: Organisation } {
  const service = shapesService(core);
  for (const group of groups) {
    const organisation = byName(service.organisationsOf(programme, group), name);
    if (organisation) return { group, organisation };
  }
  const known = groups.flatMap((g) => service.organisationsOf(programme, g).map((o) => o.name)).join(', ') || '–';
  throw new UserError('unknown_organisation', both('unknownOrganisation', { name, group: groups.map((g) => g.name).join(', ') || programme.name, known }));
}
