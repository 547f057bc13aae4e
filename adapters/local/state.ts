import type { Core } from '../../src/app.ts';
import { formatDateTime } from '../../src/messages/format.ts';
import { demoTemplates } from './demo.ts';
import { BOT_REF, GENERAL_CHANNEL, WORKSPACE_NAME, type LocalPerson } from './directory.ts';
import { directRef } from './port.ts';
import { colourOf, renderMessages } from './render.ts';
import type { LocalChannel, LocalStore } from './store.ts';
import type { TimeControl } from './time.ts';
import type { LocalWorkspace } from './workspace.ts';

/** One entry of the sidebar. */
interface ChannelView {
  ref: string;
  kind: 'channel' | 'direct';
  label: string;
  topic: string | null;
  members: number;
  lastSeq: number;
}

/** Everything the page shows for one person and one open conversation; the page polls it. */
export interface PageState {
  workspace: string;
  now: string;
  nowLabel: string;
  timeControl: boolean;
  next: { label: string; startsAt: string } | null;
  programmes: number;
  me: string;
  people: { ref: string; handle: string; name: string; title: string; colour: number }[];
  /** The templates the demo can be started from (the picker), Små Partnerskaber first. */
  templates: { id: string; name: string }[];
  channels: ChannelView[];
  current: (ChannelView & { purpose: string | null; memberNames: string[] }) | null;
  html: string;
}

export interface StateDeps {
  core: Core;
  store: LocalStore;
  workspace: LocalWorkspace;
  time: TimeControl | null;
  platform: string;
  workspaceId: string;
}

export function pageState(deps: StateDeps, as: string | null, channelRef: string | null): PageState {
  const { core, store } = deps;
  const people = store.users();
  const humans = people.filter((p) => !p.isBot);
  const me = humans.find((p) => p.ref === as) ?? humans[0]!;
  deps.workspace.directChannel(me.ref);
  const lastSeq = store.lastSeqFor(me.ref);
  const byRef = new Map(people.map((p) => [p.ref, p]));
  const channels = store.channelsOf(me.ref).map((c) => view(store, c, byRef, lastSeq));
  const open = channels.find((c) => c.ref === channelRef) ?? channels.find((c) => c.ref === GENERAL_CHANNEL) ?? channels[0] ?? null;
  const now = core.clock.now();
  const zone = core.defaults.timezone;
  return {
    workspace: WORKSPACE_NAME,
    now: now.toISOString(),
    nowLabel: formatDateTime(now.toISOString(), zone, 'da'),
    timeControl: deps.time !== null,
    next: deps.time?.next() ?? null,
    programmes: core.repos.programmes.listInWorkspace(deps.platform, deps.workspaceId).length,
    me: me.ref,
    people: humans.map((p) => ({ ref: p.ref, handle: p.handle, name: p.name, title: p.title, colour: colourOf(p.ref) })),
    templates: demoTemplates(core),
    channels,
    current: open && {
      ...open,
      purpose: store.channel(open.ref)?.purpose ?? null,
      memberNames: store.members(open.ref).map((ref) => byRef.get(ref)?.name ?? ref),
    },
    html: open
      ? renderMessages(store.messagesFor(open.ref, me.ref), {
          people: byRef,
          viewer: me.ref,
          zone,
          now,
          fileName: (ref) => store.file(ref)?.filename,
        })
      : '',
  };
}

function view(store: LocalStore, channel: LocalChannel, people: Map<string, LocalPerson>, lastSeq: Map<string, number>): ChannelView {
  const members = store.members(channel.ref);
  const label = channel.kind === 'direct' ? directLabel(channel, members, people) : channel.name;
  return { ref: channel.ref, kind: channel.kind, label, topic: channel.topic, members: members.length, lastSeq: lastSeq.get(channel.ref) ?? 0 };
}

function directLabel(channel: LocalChannel, members: string[], people: Map<string, LocalPerson>): string {
  if (channel.ref.startsWith(directRef(''))) return people.get(BOT_REF)?.name ?? 'Tovholder';
  return members.map((ref) => people.get(ref)?.name ?? ref).join(', ');
}
