import type { Core } from '../app.ts';
import { UserError } from '../domain/errors.ts';
import { both } from './resolve.ts';
import type { CommandContext } from './types.ts';

/**
 * Who may create a programme in a workspace. A programme's activities show in everyone's plans and
 * it opens channels, so not every partner may start one. Allowed are:
 * - anyone, for the very first programme of a workspace (a new installation must be usable);
 * - a consultant of a programme already in the workspace;
 * - a user listed in TOVHOLDER_CREATORS, by user id or e-mail address;
 * - a workspace admin or owner, where the platform tells (Slack; the local workspace's consultant).
 * The checks in the database come first and decide at once; the platform is asked only when they
 * all say no. Deciding at once keeps a command that needs no platform call synchronous up to its
 * first write (the command thread's answers rely on that order).
 */
export function asCreator<T>(core: Core, ctx: CommandContext, run: () => T): T | Promise<T> {
  const programmes = core.repos.programmes.listInWorkspace(ctx.platform, ctx.workspaceId);
  if (programmes.length === 0) return run();
  const consultants = programmes.flatMap((p) => core.repos.members.listForProgramme(p.id).filter((m) => m.role === 'consultant'));
  if (consultants.some((m) => m.userRef === ctx.userRef) || (core.defaults.creators ?? []).includes(ctx.userRef)) return run();
  return askPlatform(core, ctx).then((allowed) => {
    if (allowed) return run();
    const names = [...new Set(consultants.map((m) => m.displayName))].join(', ') || '–';
    throw new UserError('not_creator', both('notCreator', { consultants: names }));
  });
}

async function askPlatform(core: Core, ctx: CommandContext): Promise<boolean> {
  return (await listedByEmail(core, ctx)) || (await workspaceAdmin(core, ctx));
}

async function listedByEmail(core: Core, ctx: CommandContext): Promise<boolean> {
  const emails = (core.defaults.creators ?? []).filter((entry) => entry.includes('@'));
  const platform = core.platforms.get(ctx.platform);
  if (emails.length === 0 || !platform?.lookupUserByEmail) return false;
  for (const email of emails) {
    const user = await ask(core, ctx, 'lookupUserByEmail', () => platform.lookupUserByEmail!({ workspaceId: ctx.workspaceId, email }));
    if (user?.userRef === ctx.userRef) return true;
  }
  return false;
}

async function workspaceAdmin(core: Core, ctx: CommandContext): Promise<boolean> {
  const platform = core.platforms.get(ctx.platform);
  if (!platform?.isWorkspaceAdmin) return false;
  return (await ask(core, ctx, 'isWorkspaceAdmin', () => platform.isWorkspaceAdmin!({ workspaceId: ctx.workspaceId, userRef: ctx.userRef }))) === true;
}

/** A platform that cannot answer now means "not shown to be allowed": refused, logged, never thrown at the user. */
async function ask<T>(core: Core, ctx: CommandContext, what: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    core.logger.warn({ err: error, platform: ctx.platform, workspace: ctx.workspaceId, user: ctx.userRef }, `${what} failed while checking who may create programmes`);
    return null;
  }
}
