/**
 * The best any sender could do against a stand-in's limits: when the last of the run's posts could be
 * accepted at the earliest, if each were sent at the first instant the limits allow. N over that is
 * the highest rate the limits allow for the run.
 */
import type { RateWindow } from '../../test/fakes/teams/rate-limit.ts';

/**
 * Slack, one post to each of `posts` channels: the per-channel buckets never bind, the workspace's
 * bucket (`burst` at once, then `perSecond`) does.
 */
export function idealSlackMs(posts: number, workspace: { perSecond: number; burst: number }): number {
  return Math.ceil((Math.max(0, posts - workspace.burst) / workspace.perSecond) * 1000);
}

/** Room in every window at `t` for one more (a stamp is in a window while t - stamp < windowMs, as in the fake). */
function fits(stamps: number[], windows: readonly RateWindow[], t: number): boolean {
  return windows.every((w) => stamps.filter((s) => t - s < w.windowMs).length < w.limit);
}

/** Teams: `posts` posts over `conversations` conversations in turn, each conversation's windows and the tenant's. */
export function idealTeamsMs(posts: number, conversations: number, limits: { perConversation: readonly RateWindow[]; perTenant: readonly RateWindow[] }): number {
  const longest = Math.max(...[...limits.perConversation, ...limits.perTenant].map((w) => w.windowMs));
  const byConversation = new Map<number, number[]>();
  let tenant: number[] = [];
  let t = 0;
  for (let i = 0; i < posts; i += 1) {
    const mine = byConversation.get(i % conversations) ?? [];
    while (!(fits(mine, limits.perConversation, t) && fits(tenant, limits.perTenant, t))) t += 1;
    mine.push(t);
    byConversation.set(i % conversations, mine.filter((s) => t - s < longest));
    tenant = [...tenant.filter((s) => t - s < longest), t];
  }
  return t;
}
