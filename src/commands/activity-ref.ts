import type { Partnership, Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { addressOf, isProgrammeWide, type Step, type Template } from '../domain/template.ts';
import { pick } from '../domain/text.ts';
import type { Core } from '../app.ts';
import { findGroup, findOrganisation, typeOfGroup } from './groups.ts';
import { both, findStep, normalize } from './resolve.ts';
import { shapesService } from './shapes-port.ts';

/** One activity of the plan as a command names it. */
export interface ActivityRef {
  step: Step;
  /** The group it is held in; null for a programme-wide step. */
  groupId: string | null;
  /** For pairings between organisations: the first organisation of the pair (the visitor). */
  unitId: string | null;
  /** The plan key (`step`, `step@group`, `step@group#org`) the service takes. */
  key: string;
}

/**
 * `<aktivitet>` in a command: a plan key as `plan` shows it (`temamoede-2@<id>`, `besoeg@<id>#<id>`,
 * where names work in place of ids too), or a step's key or title followed by the group's name
 * ("temamoede-2 Netværk Nord", "afprøvning 2 Havet"), and for pairs of organisations the first
 * one's name after that. A step for one named group (the steering group) needs no group.
 * `usage` fills the "say which group" refusal: the command word and what follows the activity.
 */
export function resolveActivity(core: Core, programme: Programme, words: string[], usage: { verb: string; rest: string }): ActivityRef {
  const template = shapesService(core).templateOf(programme);
  const text = words.join(' ').trim();
  const keyed = /^([^\s@#]+)@([^#]+?)(?:#(.+))?$/.exec(text);
  if (keyed) {
    const step = findStep(template, keyed[1]!);
    return refOf(core, programme, step, findGroup(core, programme, keyed[2]!), keyed[3]);
  }
  // The step may be several words ("afprøvning 2"); the group is what remains after it. A name that is
  // no step's key or title may be the first words of one title ("kvartalsmøde" for "Kvartalsmøde i
  // koordinationsgruppen", as `plan` shows it), tried only when nothing matched whole.
  const splits = [...Array(words.length).keys()].map((i) => words.length - i);
  const candidates = [...splits.map((split) => ({ split, prefix: false })), ...splits.map((split) => ({ split, prefix: true }))];
  for (const { split, prefix } of candidates) {
    const step = prefix ? stepByTitleStart(template, words.slice(0, split)) : stepByName(template, words.slice(0, split).join(' '));
    if (!step) continue;
    const rest = words.slice(split);
    if (isProgrammeWide(step.audience)) return { step, groupId: null, unitId: null, key: step.key };
    const named = namedGroupOf(core, programme, template, step);
    if (named) {
      // The group's own name may follow ("opstartsworkshop Ledelsessporet", as plan and prompts write it).
      const after = normalize(rest.join(' ')) === normalize(named.name) ? [] : rest;
      return refOf(core, programme, step, named, after.join(' ') || undefined);
    }
    if (rest.length === 0) throw needsGroup(core, programme, step, usage);
    return withGroupNamed(core, programme, step, rest);
  }
  findStep(template, text); // throws the "unknown activity" message with the list of names
  throw new UserError('unknown_activity', both('unknownActivity', { name: text, known: template.steps.map((s) => s.key).join(', ') }));
}

function stepByName(template: Template, name: string): Step | undefined {
  const wanted = normalize(name);
  const matches = template.steps.filter((s) => [s.key, s.title.da, s.title.en ?? ''].some((n) => normalize(n) === wanted));
  // Titles repeat ("Dialog i partnerskabet" twice): the key decides, else the first in template order.
  return matches.find((s) => normalize(s.key) === wanted) ?? matches[0];
}

/** The one step whose title (Danish or English) begins with these whole words; none when several do. */
function stepByTitleStart(template: Template, words: string[]): Step | undefined {
  const wanted = words.map(normalize).filter(Boolean);
  if (wanted.length === 0) return undefined;
  const begins = (title: string) => {
    const own = title.split(/\s+/).map(normalize).filter(Boolean);
    return own.length > wanted.length && wanted.every((w, i) => own[i] === w);
  };
  const matches = template.steps.filter((s) => begins(s.title.da) || begins(s.title.en ?? ''));
  return matches.length === 1 ? matches[0] : undefined;
}

/** "Netværk Nord" or "Netværk Nord Hjørring" (a pair's first organisation after the group). */
function withGroupNamed(core: Core, programme: Programme, step: Step, rest: string[]): ActivityRef {
  try {
    return refOf(core, programme, step, findGroup(core, programme, rest.join(' ')), undefined);
  } catch (error) {
    if (rest.length < 2) throw error;
    let group: Partnership;
    try {
      group = findGroup(core, programme, rest.slice(0, -1).join(' '));
    } catch {
      throw error; // the whole phrase as a group name is the clearer refusal
    }
    if (!typeOfGroup(shapesService(core).templateOf(programme), group)?.organisations) throw error;
    return refOf(core, programme, step, group, rest.at(-1));
  }
}

function refOf(core: Core, programme: Programme, step: Step, group: Partnership, unit: string | undefined): ActivityRef {
  const unitId = unit ? findOrganisation(core, programme, group, unit).id : null;
  const key = `${step.key}@${group.id}${unitId ? `#${unitId}` : ''}`;
  return { step, groupId: group.id, unitId, key };
}

/** A step addressed to one named group (`to: 'group'`) belongs to that group's activity. */
function namedGroupOf(core: Core, programme: Programme, _template: Template, step: Step): Partnership | undefined {
  if (typeof step.audience === 'string' || step.audience.to !== 'group') return undefined;
  const key = step.audience.group;
  return shapesService(core).groupsOf(programme).find((g) => g.templateKey === key);
}

function needsGroup(core: Core, programme: Programme, step: Step, usage: { verb: string; rest: string }): UserError {
  const template = shapesService(core).templateOf(programme);
  const type = addressOf(template, step.audience).groupType ?? 'partnership';
  const groups = shapesService(core).groupsOf(programme);
  const example = (groups.find((g) => (g.groupType ?? 'partnership') === type) ?? groups[0])?.name ?? (template.groupTypes ? 'Netværk Nord' : 'Havet');
  if (!template.groupTypes && usage.verb === 'flyt') {
    return new UserError('needs_partnership', both('needsPartnership', { activity: pick(step.title, 'da'), key: step.key, date: usage.rest }));
  }
  const quoted = /\s/.test(example) ? `"${example}"` : example;
  return new UserError('needs_group', both('needsGroup', { activity: pick(step.title, 'da'), verb: usage.verb, key: step.key, example: `${quoted} ${usage.rest}`.trim() }));
}
