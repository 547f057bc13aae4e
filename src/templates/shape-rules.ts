import { groupTypesOf, isProgrammeWide, type AddressedAudience, type Step, type Template } from '../domain/template.ts';
import { isIsoDate } from '../timeline/calendar.ts';
import { happensOnce } from '../timeline/groups.ts';
import type { TemplateProblem } from './problems.ts';

/**
 * Rules for programme shapes (group types, named groups, roles, windows, pairings) that only the whole
 * template can check. Each problem names the step and field, or the top-level field, in both languages,
 * so an author of a network or track template sees what to fix before a programme is planned with it.
 */
export function shapeProblems(template: Template): TemplateProblem[] {
  const types = new Map(groupTypesOf(template).map((t) => [t.key, t]));
  const roles = new Set(template.roles.map((r) => r.role));
  const named = new Map(template.groups.map((g) => [g.key, g]));
  const problems: TemplateProblem[] = [];
  const top = (field: string, en: string, da: string) => problems.push({ field, text: { da, en } });
  const typeList = [...types.keys()].join(', ');

  if (!roles.has('consultant')) {
    top('roles', 'the role "consultant" is missing: every programme has someone who runs it', 'rollen «consultant» mangler: hvert forløb har en konsulent, der styrer det');
  }
  template.roles.forEach((role, i) => {
    if (role.groupType !== undefined && !types.has(role.groupType)) {
      top(`roles[${i}].groupType`, `unknown group type "${role.groupType}" (known: ${typeList})`, `ukendt gruppetype «${role.groupType}» (kendte: ${typeList})`);
    }
  });
  template.groups.forEach((group, i) => {
    if (!types.has(group.type)) {
      top(`groups[${i}].type`, `unknown group type "${group.type}" (known: ${typeList})`, `ukendt gruppetype «${group.type}» (kendte: ${typeList})`);
    }
  });

  const byKey = new Map(template.steps.map((s) => [s.key, s]));
  // Steps whose audience is already named as wrong: what is counted from them is not blamed again.
  const unsure = new Set<string>();
  for (const step of template.steps) {
    const before = problems.length;
    const at = (field: string, en: string, da: string) => problems.push({ step: step.key, field, text: { da, en } });
    const unknownRole = (role: string, field: string) => {
      // A missing consultant is said once, above, not at every place that defaults to it.
      if (!roles.has(role) && role !== 'consultant') at(field, `unknown role "${role}"`, `ukendt rolle «${role}»`);
    };
    const audience = step.audience;
    if (typeof audience === 'string' && !isProgrammeWide(audience) && !types.has('partnership')) {
      at('audience', `"${audience}" is for partnerships, but the template has no group type "partnership" (known: ${typeList})`,
        `«${audience}» er for partnerskaber, men skabelonen har ingen gruppetype «partnership» (kendte: ${typeList})`);
    }
    if (typeof audience !== 'string') {
      audienceProblems(audience, at);
      const unknownType = (type: string, field: string) => {
        if (!types.has(type)) at(field, `unknown group type "${type}" (known: ${typeList})`, `ukendt gruppetype «${type}» (kendte: ${typeList})`);
      };
      if (audience.groupType !== undefined) unknownType(audience.groupType, 'audience.groupType');
      audience.groupTypes?.forEach((type, i) => unknownType(type, `audience.groupTypes[${i}]`));
      if (audience.group !== undefined && !named.has(audience.group)) {
        const known = [...named.keys()].join(', ') || '-';
        at('audience.group', `unknown group "${audience.group}" (the template names: ${known})`, `ukendt gruppe «${audience.group}» (skabelonen navngiver: ${known})`);
      }
      audience.roles?.forEach((role, i) => unknownRole(role, `audience.roles[${i}]`));
    }
    if (problems.length > before) unsure.add(step.key);
    if ('setBy' in step.placement) unknownRole(step.placement.setBy, 'placement.setBy');
    step.evaluation?.roles?.forEach((role, i) => unknownRole(role, `evaluation.roles[${i}]`));
    step.evaluation?.pairedRoles.forEach((role, i) => unknownRole(role, `evaluation.pairedRoles[${i}]`));

    if ('on' in step.placement && !isRealDay(step.placement.on)) {
      at('placement.on', `"${step.placement.on}" is not a date every year has`, `«${step.placement.on}» er ikke en dato, som findes hvert år`);
    }
    if ('window' in step.placement && 'from' in step.placement.window) {
      const { from, to } = step.placement.window;
      for (const [end, day] of [['from', from], ['to', to]] as const) {
        if (!isRealDay(day)) at(`placement.window.${end}`, `"${day}" is not a date every year has`, `«${day}» er ikke en dato, som findes hvert år`);
      }
      if (from.length === to.length && from > to) {
        at('placement.window', `the window ends (${to}) before it starts (${from})`, `vinduet slutter (${to}), før det begynder (${from})`);
      }
    }

    const base = 'workingDays' in step.placement ? byKey.get(step.placement.from) : undefined;
    // A step for one named group is one date any step can follow; per-group steps only follow their own group's.
    if (base && !unsure.has(step.key) && !unsure.has(base.key) && !isProgrammeWide(step.audience) && !happensOnce(base.audience) && groupOf(step, template) !== groupOf(base, template)) {
      at('placement.from',
        `step "${step.key}" happens per ${groupOf(step, template)} but is placed relative to "${base.key}", which happens per ${groupOf(base, template)}`,
        `trinnet sker pr. ${groupOf(step, template)}, men «${base.key}» sker pr. ${groupOf(base, template)}: hvilken gruppes dato skal det følge?`);
    }
    problems.push(...pairingProblems(step, template));
  }
  return problems;
}

type At = (field: string, en: string, da: string) => void;

/** `MM-DD` that exists in every year (so not 02-29 or 04-31), or a real `YYYY-MM-DD`. */
function isRealDay(day: string): boolean {
  const date = day.length === 10 ? day : `2023-${day}`;
  return isIsoDate(date);
}

/** Each form of audience takes its own fields: `each` a groupType, `group` a group, `types` groupTypes. */
function audienceProblems(audience: AddressedAudience, at: At): void {
  const wanted = { programme: undefined, each: 'groupType', group: 'group', types: 'groupTypes' } as const;
  const field = wanted[audience.to];
  if (field !== undefined && audience[field] === undefined) {
    at(`audience.${field}`, `an audience with to: "${audience.to}" needs "${field}"`, `en målgruppe med to: «${audience.to}» skal have «${field}»`);
  }
  for (const other of ['groupType', 'group', 'groupTypes'] as const) {
    if (other !== field && audience[other] !== undefined) {
      at(`audience.${other}`, `"${other}" does not fit an audience with to: "${audience.to}"`, `«${other}» passer ikke til en målgruppe med to: «${audience.to}»`);
    }
  }
}

/**
 * The groups a per-group step happens in, as a comparable word: the type for `each` (legacy audiences:
 * partnership), the named group for `group`. Relative placement only works within the same groups.
 */
function groupOf(step: Step, template: Template): string {
  const audience = step.audience;
  if (typeof audience === 'string') return 'partnership';
  if (audience.to === 'group') return `${template.groups.find((g) => g.key === audience.group)?.type ?? '?'} «${audience.group}»`;
  return audience.groupType ?? 'partnership';
}

function pairingProblems(step: Step, template: Template): TemplateProblem[] {
  if (!step.pairing) return [];
  const problems: TemplateProblem[] = [];
  const at = (en: string, da: string) => problems.push({ step: step.key, field: 'pairing', text: { da, en } });
  const audience = step.audience;
  const perGroup = typeof audience === 'string' ? !isProgrammeWide(audience) : audience.to === 'each';
  if (!perGroup) {
    // The programme-wide case is already named by crossStepProblems.
    if (!isProgrammeWide(audience)) at(`step "${step.key}" pairs, but does not happen once per group (audience to: "each")`, 'trinnet parrer, men sker ikke én gang pr. gruppe (målgruppe to: «each»)');
    return problems;
  }
  if (step.pairing === 'other_partnership') return problems;
  if (step.pairing.between === 'groups' && step.pairing.size === 3) {
    at('pairings between groups are pairs: size 3 only works between organisations', 'par mellem grupper er to og to: størrelse 3 kan kun bruges mellem organisationer');
  }
  if (step.pairing.between === 'organisations') {
    const typeKey = typeof audience === 'string' ? 'partnership' : (audience.groupType ?? 'partnership');
    const type = groupTypesOf(template).find((t) => t.key === typeKey);
    if (type && !type.organisations) {
      at(`step "${step.key}" pairs organisations, but a group of type "${type.key}" holds no organisations`,
        `trinnet parrer organisationer, men en gruppe af typen «${type.key}» har ingen organisationer`);
    } else if (type?.size && (type.size.max <= 1 || type.size.max < step.pairing.size)) {
      at(`step "${step.key}" pairs ${step.pairing.size} organisations, but a group of type "${type.key}" has at most ${type.size.max}: a pairing in a group of one`,
        `trinnet parrer ${step.pairing.size} organisationer, men en gruppe af typen «${type.key}» har højst ${type.size.max}`);
    }
  }
  return problems;
}
