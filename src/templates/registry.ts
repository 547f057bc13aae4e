import type { Template } from '../domain/template.ts';
import type { TemplateScope, TemplateStore } from '../store/templates.ts';
import { builtinTemplates, parseTemplate } from './index.ts';
import { templateFromSnapshot } from './snapshot.ts';

export type { TemplateScope } from '../store/templates.ts';

/**
 * The templates a programme can be created from: the built-in ones, the operator's
 * (TOVHOLDER_TEMPLATES_DIR), and, given a workspace, the templates its consultants uploaded (newest
 * version of each id). Uploads are read from the database on every call, so the command thread and
 * the main thread (two registries, one database) always agree.
 */
export class TemplateRegistry {
  private fixedById: Map<string, Template> | undefined;
  /** Parsed uploads by platform|workspace|id|version; a stored version never changes. */
  private readonly parsed = new Map<string, Template | null>();
  /** Parsed snapshots by id: a snapshot row never changes (migration 13), and a database has few. */
  private readonly snapshots = new Map<number, Template>();

  constructor(
    private readonly extra: Template[] = [],
    readonly store?: TemplateStore,
  ) {}

  /**
   * The built-in and the operator's templates by id, made on first use: validating the built-in files
   * takes ~30 ms, which the server's start need not wait for (a lone `hjælp` never needs them).
   */
  private get fixed(): Map<string, Template> {
    this.fixedById ??= new Map([...builtinTemplates(), ...this.extra].map((template) => [template.id, template]));
    return this.fixedById;
  }

  /** Without a scope only the built-in and operator templates; with one, the workspace's uploads too. */
  get(id: string, scope?: TemplateScope): Template | undefined {
    const fixed = this.fixed.get(id);
    if (fixed || !scope || !this.store) return fixed;
    const row = this.store.latest(scope, id);
    return row ? this.parse(scope, row) : undefined;
  }

  /**
   * The template a programme runs on: the snapshot stored when it was created, so a template edited,
   * re-uploaded or removed later never changes a running programme. Older rows without a snapshot
   * fall back to the template by id (ProgrammeService.templateOf stores it then).
   */
  ofProgramme(programme: TemplateScope & { id: string; templateId: string }): Template | undefined {
    const id = this.store?.snapshotId(programme.id);
    if (id === undefined) return this.get(programme.templateId, programme);
    let template = this.snapshots.get(id);
    if (!template) {
      const json = this.store!.snapshotJson(id);
      if (json === undefined) return this.get(programme.templateId, programme);
      this.snapshots.set(id, (template = templateFromSnapshot(json)));
    }
    return template;
  }

  list(scope?: TemplateScope): Template[] {
    const fixed = [...this.fixed.values()];
    if (!scope || !this.store) return fixed;
    const uploaded = this.store.listLatest(scope).map((row) => this.parse(scope, row));
    return [...fixed, ...uploaded.filter((t): t is Template => t !== undefined && !this.fixed.has(t.id))];
  }

  /** Built-in and operator templates: a consultant's upload may not take their id. */
  isFixed(id: string): boolean {
    return this.fixed.has(id);
  }

  private parse(scope: TemplateScope, row: { templateId: string; version: number; json: string }): Template | undefined {
    const key = `${scope.platform}|${scope.workspaceId}|${row.templateId}|${row.version}`;
    let template = this.parsed.get(key);
    if (template === undefined) {
      // Validated on upload; parsed again so defaults a newer schema adds are filled in. A row a newer
      // schema refuses is left out rather than breaking every list.
      try {
        template = parseTemplate(JSON.parse(row.json) as unknown, `${row.templateId} v${row.version}`);
      } catch {
        template = null;
      }
      this.parsed.set(key, template);
    }
    return template ?? undefined;
  }
}
