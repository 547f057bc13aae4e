/**
 * auth.test, users.* and views.* methods.
 */
import { str } from '../http.ts';
import { userObject } from '../state.ts';
import { viewProblem } from '../validate.ts';
import type { FakeSlackView, Json } from '../types.ts';
import { fail, failWithMessages, ok, type MethodContext, type MethodHandler } from './context.ts';

const authTest: MethodHandler = (ctx) =>
  ok({
    url: `https://${ctx.team.domain}.slack.com/`,
    team: ctx.team.name,
    user: ctx.team.users.get(ctx.team.botUserId)?.name ?? 'bot',
    team_id: ctx.team.teamId,
    user_id: ctx.team.botUserId,
    bot_id: ctx.team.botId,
    is_enterprise_install: false,
  });

const usersInfo: MethodHandler = (ctx) => {
  const user = ctx.team.users.get(str(ctx.params, 'user') ?? '');
  return user ? ok({ user: userObject(user) }) : fail('user_not_found');
};

const lookupByEmail: MethodHandler = (ctx) => {
  const email = (str(ctx.params, 'email') ?? '').trim().toLowerCase();
  if (email === '') return fail('invalid_arguments');
  for (const user of ctx.team.users.values()) if (!user.deleted && user.email?.toLowerCase() === email) return ok({ user: userObject(user) });
  return fail('users_not_found');
};

function viewObject(ctx: MethodContext, stored: FakeSlackView): Json {
  return {
    id: stored.id,
    team_id: ctx.team.teamId,
    type: stored.view.type,
    blocks: stored.view.blocks ?? [],
    private_metadata: stored.view.private_metadata ?? '',
    callback_id: stored.view.callback_id ?? '',
    state: { values: {} },
    hash: stored.hash,
    clear_on_close: stored.view.clear_on_close ?? false,
    notify_on_close: stored.view.notify_on_close ?? false,
    root_view_id: stored.id,
    previous_view_id: null,
    app_id: ctx.team.appId,
    app_installed_team_id: ctx.team.teamId,
    bot_id: ctx.team.botId,
    external_id: stored.externalId ?? '',
    ...(stored.view.title !== undefined ? { title: stored.view.title } : {}),
    ...(stored.view.submit !== undefined ? { submit: stored.view.submit } : {}),
    ...(stored.view.close !== undefined ? { close: stored.view.close } : {}),
  };
}

function newHash(ctx: MethodContext): string {
  return `${ctx.state.nowSeconds()}.${ctx.state.newId('H').slice(1)}`;
}

function checkView(ctx: MethodContext, type?: 'home'): { view: Json } | { result: ReturnType<MethodHandler> } {
  const view = ctx.params.view;
  if (view === undefined) return { result: failWithMessages('invalid_arguments', ['missing required field: view']) };
  const problem = viewProblem(view) ?? (type && (view as Json).type !== type ? 'must be one of: home [json-pointer:/view/type]' : undefined);
  if (problem) return { result: failWithMessages('invalid_arguments', [problem]) };
  const externalId = (view as Json).external_id;
  if (typeof externalId === 'string' && externalId !== '') {
    for (const stored of ctx.team.views.values()) {
      if (stored.externalId === externalId && stored.id !== str(ctx.params, 'view_id')) return { result: fail('duplicate_external_id') };
    }
  }
  return { view: view as Json };
}

function store(ctx: MethodContext, via: string, view: Json, existing?: FakeSlackView, userId?: string): FakeSlackView {
  const externalId = typeof view.external_id === 'string' && view.external_id !== '' ? view.external_id : existing?.externalId;
  const stored: FakeSlackView = {
    id: existing?.id ?? ctx.state.newId('V'),
    teamId: ctx.team.teamId,
    via,
    view,
    hash: newHash(ctx),
    ...(userId ?? existing?.userId ? { userId: userId ?? existing?.userId } : {}),
    ...(externalId ? { externalId } : {}),
  };
  ctx.team.views.set(stored.id, stored);
  return stored;
}

const viewsOpen: MethodHandler = (ctx) => {
  const trigger = str(ctx.params, 'trigger_id') ?? str(ctx.params, 'interactivity_pointer');
  if (!trigger) return failWithMessages('invalid_arguments', ['missing required field: trigger_id']);
  const checked = checkView(ctx);
  if ('result' in checked) return checked.result;
  const triggerError = ctx.triggers.exchange(trigger, ctx.now, ctx.options.triggerLifetimeMs);
  if (triggerError) return fail(triggerError);
  return ok({ view: viewObject(ctx, store(ctx, 'views.open', checked.view)) });
};

const viewsUpdate: MethodHandler = (ctx) => {
  const viewId = str(ctx.params, 'view_id');
  const externalId = str(ctx.params, 'external_id');
  if (!viewId && !externalId) return failWithMessages('invalid_arguments', ['missing required field: view_id or external_id']);
  const existing = viewId ? ctx.team.views.get(viewId) : [...ctx.team.views.values()].find((v) => v.externalId === externalId);
  if (!existing) return fail('not_found');
  const hash = str(ctx.params, 'hash');
  if (hash && hash !== existing.hash) return fail('hash_conflict');
  const checked = checkView(ctx);
  if ('result' in checked) return checked.result;
  return ok({ view: viewObject(ctx, store(ctx, 'views.update', checked.view, existing)) });
};

const viewsPublish: MethodHandler = (ctx) => {
  const userId = str(ctx.params, 'user_id');
  if (!userId) return failWithMessages('invalid_arguments', ['missing required field: user_id']);
  if (!ctx.team.users.has(userId)) return fail('user_not_found');
  const checked = checkView(ctx, 'home');
  if ('result' in checked) return checked.result;
  const existing = [...ctx.team.views.values()].find((v) => v.via === 'views.publish' && v.userId === userId);
  const hash = str(ctx.params, 'hash');
  if (existing && hash && hash !== existing.hash) return fail('hash_conflict');
  return ok({ view: viewObject(ctx, store(ctx, 'views.publish', checked.view, existing, userId)) });
};

export const userAndViewMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
};
