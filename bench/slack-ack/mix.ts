/**
 * What the bench sends: the command mix, cycling every 40 requests. Mostly reading commands (what a
 * consultant and the partners type every day), 7.5 % that change state. Each reading command runs
 * against the programme set up before timing, by people who belong to it, from where they would
 * type it, so the answers are real answers and not "no programme" refusals.
 */
import { CONSULTANT } from '../../test/support/slack-harness.ts';

export type Kind = 'hjælp' | 'status' | 'plan' | 'workshop' | 'opret';

/** The programme the bench sets up first, as the bot stored it. */
export interface Setting {
  programmeChannel: string;
  partnerships: { name: string; channel: string; members: string[] }[];
}

export interface Command {
  kind: Kind;
  text: string;
  userId: string;
  channelId: string;
}

/**
 * Per 40 requests: 11 hjælp, 12 status, 14 plan, 2 workshop moves, 1 new programme. Each move posts a
 * notice to the programme channel, which the outbox sends at Slack's pace (1 per 1.1 s per channel):
 * more moves than this would pile up a backlog that makes every later round slower than the first.
 */
const CYCLE: Kind[] = [
  ...Array<Kind>(11).fill('hjælp'),
  ...Array<Kind>(12).fill('status'),
  ...Array<Kind>(14).fill('plan'),
  ...Array<Kind>(2).fill('workshop'),
  'opret',
];

/** Direct conversations are not checked by the bot for slash commands; a stable fake id per user. */
const dm = (userId: string): string => `D${userId.slice(1)}`;

/**
 * The i-th command of a run. `i` runs on over rounds (and servers), so every `opret` names a new
 * programme, and consecutive workshop moves alternate between two days, so each one really moves it.
 */
export function commandAt(i: number, setting: Setting, runTag: string): Command {
  return commandOf(CYCLE[i % CYCLE.length]!, i, setting, runTag);
}

export const KINDS: Kind[] = [...new Set(CYCLE)];

/** The command of one kind that the i-th request of that kind would be. */
export function commandOf(kind: Kind, i: number, setting: Setting, runTag: string): Command {
  const partnership = setting.partnerships[i % setting.partnerships.length]!;
  const partner = partnership.members[Math.floor(i / setting.partnerships.length) % partnership.members.length]!;
  switch (kind) {
    case 'hjælp':
      return { kind, text: 'hjælp', userId: i % 2 ? partner : CONSULTANT, channelId: dm(i % 2 ? partner : CONSULTANT) };
    case 'status':
      // The consultant in the shared channel; a partner in their partnership's channel.
      return i % 3 === 0
        ? { kind, text: 'status', userId: CONSULTANT, channelId: setting.programmeChannel }
        : { kind, text: 'status', userId: partner, channelId: partnership.channel };
    case 'plan': {
      const variant = i % 3;
      if (variant === 0) return { kind, text: 'plan', userId: CONSULTANT, channelId: setting.programmeChannel };
      if (variant === 1) return { kind, text: 'plan mine', userId: partner, channelId: dm(partner) };
      return { kind, text: `plan ${partnership.name}`, userId: partner, channelId: partnership.channel };
    }
    case 'workshop': {
      const day = i % 2 === 0 ? '2027-03-08 09:00' : '2027-03-09 10:00';
      return { kind, text: `workshop midtvejs ${day} Kulturhuset, sal 2`, userId: CONSULTANT, channelId: setting.programmeChannel };
    }
    case 'opret':
      return { kind, text: `opret "Bench ${runTag} ${i}" 2027-01-04`, userId: CONSULTANT, channelId: dm(CONSULTANT) };
  }
}
