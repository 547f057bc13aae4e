import type { Core } from '../app.ts';
import type { Clock } from '../clock.ts';
import { watchPass } from './pass.ts';
import { WatchRepository } from './repository.ts';

/**
 * What the adapters tell the core about people's activity in group channels. Only messages from
 * people count: an adapter never reports the bot's own posts (nor other bots').
 */
export interface ActivityWatch {
  /** A person wrote in a channel; returns whether it was a group's channel under watch. */
  noteHumanMessage(message: { platform: string; workspaceId: string; channelRef: string; at?: Date }): boolean;
}

export function activityWatch(watch: WatchRepository, clock: Clock): ActivityWatch {
  return {
    noteHumanMessage({ platform, workspaceId, channelRef, at }) {
      const groupId = watch.groupOfChannel(platform, workspaceId, channelRef);
      return groupId !== undefined && watch.noteHumanMessage(groupId, at ?? clock.now());
    },
  };
}

/**
 * The watch on quiet groups (issue 14, item 5), for templates with `quiet` settings: a gated scheduler
 * pass (its due rows, group_watch.check_at, are in src/store/due.ts's query) and `core.activity`, which
 * the adapters call for every person's message in a channel.
 */
export function registerWatch(core: Core): ActivityWatch {
  const watch = new WatchRepository(core.db);
  core.scheduler.addPass('quiet groups', watchPass({ db: core.db, repos: core.repos, templates: core.templates, watch, transaction: core.transaction }), { gated: true });
  return activityWatch(watch, core.clock);
}
