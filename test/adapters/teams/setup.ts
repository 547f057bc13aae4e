/**
 * What several Teams outbox tests share: a team with Karen (consultant) and Anna, a programme with one
 * partnership set up by @mention commands, posts enqueued straight into the outbox, and draining the
 * outbox on the real clock.
 */
import { expect } from 'vitest';
import type { RichMessage } from '../../../src/messages/model.ts';
import type { DeliveryTarget } from '../../../src/outbox/types.ts';
import { botAddedToTeam, type FakeTeam, type FakeUser } from '../../fakes/teams/index.ts';
import type { TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

export interface Setup {
  karen: FakeUser;
  anna: FakeUser;
  team: FakeTeam;
  programmeId: string;
  partnershipId: string;
  annaMemberId: string;
}

/** `graph: false`: Graph refuses channel creation, so the programme uses threads in General. */
export async function setUp(w: TeamsWorld, options: { drain?: () => Promise<void>; graph?: boolean } = {}): Promise<Setup> {
  const karen = w.fake.addUser({ name: 'Karen Konsulent' });
  const anna = w.fake.addUser({ name: 'Anna Berg' });
  const team = w.fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna], graphChannelCreate: options.graph ?? true });
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karen }))).toBe(200);
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ' opret "Små Partnerskaber 2027" 2027-01-04' }))).toBe(200);
  const add = ' partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Berg}=kultur';
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: add, people: [anna] }))).toBe(200);
  await (options.drain ?? (() => w.drain()))();
  const programmeId = w.core.repos.programmes.listInWorkspace('teams', w.fake.tenantId)[0]!.id;
  const partnershipId = w.core.repos.partnerships.listForProgramme(programmeId)[0]!.id;
  const annaMemberId = w.core.repos.members.listForPartnership(partnershipId)[0]!.id;
  return { karen, anna, team, programmeId, partnershipId, annaMemberId };
}

/** A two-block message (a card on Teams) whose summary is `text`. */
export const cardMessage = (text: string): RichMessage => ({ text, blocks: [{ type: 'header', text }, { type: 'section', text: 'Husk det.' }] });

export function enqueuePost(w: TeamsWorld, s: Setup, key: string, target: DeliveryTarget, message: RichMessage = cardMessage(key), threadRef?: string): void {
  w.core.repos.deliveries.enqueue(
    { idempotencyKey: key, platform: 'teams', workspaceId: w.fake.tenantId, programmeId: s.programmeId, target, payload: { op: 'post', message, ...(threadRef ? { threadRef } : {}) } },
    w.coreClock.now(),
  );
}

/** Ticks on the real clock, sleeping until the outbox's next due time, until all is sent. */
export async function drainRealTime(world: TeamsWorld): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    await world.core.scheduler.tick();
    const next = world.core.repos.deliveries.nextDueAt();
    if (!next) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, Date.parse(next) - Date.now())));
  }
  throw new Error('the outbox did not drain');
}
