import { templateSchema, type Template } from '../domain/template.ts';

/** Snapshots are parsed once per distinct text: the template is read on every plan and message. */
const cache = new Map<string, Template>();

/** The template a programme was created with, from its stored JSON (defaults already applied). */
export function templateFromSnapshot(json: string): Template {
  let template = cache.get(json);
  if (!template) {
    if (cache.size > 200) cache.clear();
    template = templateSchema.parse(JSON.parse(json));
    cache.set(json, template);
  }
  return template;
}

export function snapshotOf(template: Template): string {
  return JSON.stringify(template);
}
