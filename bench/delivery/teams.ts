/**
 * Teams: the real Teams adapter (CloudAdapter, auth on, the Bot Connector client) on the system clock
 * with the production pace rules, against the local Teams stand-in with its default limits: 7/1 s,
 * 8/2 s, 60/30 s, 1800/h per conversation and 50 requests/s per app per tenant
 * (test/fakes/teams/rate-limit.ts). Conversations are users' personal chats with the bot.
 */
import { systemClock } from '../../src/clock.ts';
import { botAddedToTeam } from '../../test/fakes/teams/index.ts';
import { TEAMS_PER_CONVERSATION_LIMITS, TEAMS_PER_TENANT_LIMITS } from '../../test/fakes/teams/rate-limit.ts';
import { teamsWorld, type TeamsWorld } from '../../test/adapters/teams/harness.ts';
import { idealTeamsMs } from './ideal.ts';
import { deliveryRun, type RunResult } from './run.ts';

async function world(): Promise<TeamsWorld> {
  const w = await teamsWorld({ clock: systemClock });
  const karen = w.fake.addUser({ name: 'Karen Konsulent' });
  const team = w.fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen], graphChannelCreate: true });
  // The install tells the bot the tenant's serviceUrl; its welcome is sent before the run starts.
  if ((await w.send(botAddedToTeam(w.fake, { team, by: karen }))) !== 200) throw new Error('the bot refused the install');
  w.core.scheduler.start();
  const open = w.core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck();
  while ((open.get() as number) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  // Out of every window before the run.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return w;
}

/** `posts` posts into `conversations` personal chats, in turn. */
export async function teamsConversations(posts: number, conversations: number): Promise<RunResult> {
  const w = await world();
  try {
    const ids = Array.from({ length: conversations }, (_, i) => w.fake.personalConversation(w.fake.addUser({ name: `Medarbejder ${i + 1}` })).id);
    const accepted = (since: number) =>
      w.fake.calls.filter((c) => c.service === 'connector' && c.method === 'POST' && c.status === 201 && c.time >= since && ids.includes(c.conversationId ?? '')).map((c) => c.time);
    return await deliveryRun({
      core: w.core,
      platform: 'teams',
      workspaceId: w.fake.tenantId,
      targetOf: (i) => ids[i % conversations]!,
      posts,
      label: conversations === 1 ? `Teams: ${posts} posts into one conversation` : `Teams: ${posts} posts into ${conversations} conversations`,
      accepted,
      rateLimited: () => w.fake.rateLimited(),
      idealMs: idealTeamsMs(posts, conversations, { perConversation: TEAMS_PER_CONVERSATION_LIMITS, perTenant: TEAMS_PER_TENANT_LIMITS }),
      timeoutMs: 10 * 60_000,
    });
  } finally {
    w.core.scheduler.stop();
    await w.core.scheduler.settled();
    await w.close();
  }
}
