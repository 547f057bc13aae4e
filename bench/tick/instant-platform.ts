import type { ChatPlatform } from '../../src/platform/port.ts';

/** A platform that succeeds at once: the bench measures the core, not a network. */
export function instantPlatform(): ChatPlatform & { posts: number } {
  let seq = 0;
  const platform = {
    name: 'slack',
    posts: 0,
    createChannel: async (r: { name: string }) => ({ channelRef: `C-new-${++seq}`, name: r.name }),
    inviteMembers: async () => {},
    openDirect: async (r: { userRef: string }) => ({ channelRef: `D-${r.userRef}` }),
    postMessage: async () => {
      platform.posts += 1;
      return { messageRef: `m${++seq}` };
    },
    findSent: async () => null,
  };
  return platform;
}
