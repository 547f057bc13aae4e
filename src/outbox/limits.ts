import type { PaceRule } from './pacer.ts';

/**
 * Default pacing: the platforms' documented floors (see shared/PLATFORM-FACTS.md), a little under
 * them so the platform's own limit is a safety net, not the pacing mechanism. Configurable.
 */
export const defaultPaceRules: PaceRule[] = [
  // Slack: per method per workspace (Tier 2 / Tier 3), chat.postMessage about 1/s per channel.
  { platform: 'slack', op: 'create_channel', scope: 'workspace', windows: [{ count: 20, perMs: 60_000 }] },
  { platform: 'slack', op: 'invite', scope: 'workspace', windows: [{ count: 50, perMs: 60_000 }] },
  // conversations.kick is Tier 2: 20 per minute.
  { platform: 'slack', op: 'remove', scope: 'workspace', windows: [{ count: 18, perMs: 60_000 }] },
  { platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 1, perMs: 1_100 }] },
  // chat.postMessage's workspace-wide limit: Slack gives no figure; the fake Slack assumes 600/min with a
  // burst of 30 (test/fakes/slack/rate-limit.ts). 28 per 2.9 s is 97% of it; a window no longer than the
  // bucket takes to refill stays under it however late the posts of one window arrive (bench:delivery).
  { platform: 'slack', op: 'post', scope: 'workspace', windows: [{ count: 28, perMs: 2_900 }] },
  // chat.update is Tier 3: closing an evaluation round updates every question it asked at once.
  { platform: 'slack', op: 'update', scope: 'workspace', windows: [{ count: 50, perMs: 60_000 }] },
  // Teams: per bot per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; 50 requests/s per app per tenant.
  // Exactly Teams' figures: the pacer counts a request until one window after its answer, never less
  // than Teams counts it from its arrival (src/outbox/pacer.ts), so no margin is needed for the trip.
  {
    platform: 'teams',
    op: 'post',
    scope: 'target',
    windows: [
      { count: 7, perMs: 1_000 },
      { count: 8, perMs: 2_000 },
      { count: 60, perMs: 30_000 },
      { count: 1_800, perMs: 3_600_000 },
    ],
  },
  { platform: 'teams', op: '*', scope: 'workspace', windows: [{ count: 50, perMs: 1_000 }] },
];
