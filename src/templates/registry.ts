import type { Template } from '../domain/template.ts';
import { builtinTemplates } from './index.ts';

/** The templates a programme can be created from: the built-in ones plus any the operator supplies. */
export class TemplateRegistry {
  private readonly byId = new Map<string, Template>();

  constructor(extra: Template[] = []) {
    for (const template of [...builtinTemplates(), ...extra]) this.byId.set(template.id, template);
  }

  get(id: string): Template | undefined {
    return this.byId.get(id);
  }

  list(): Template[] {
    return [...this.byId.values()];
  }
}
