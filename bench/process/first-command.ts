/**
 * The first slash command a freshly started server gets: `/tovholder hjælp`, signed, sent as soon as
 * the server answers HTTP. For the bot, timed until its answer has arrived at the fake's response_url.
 */
import { CONSULTANT } from '../../test/support/slack-harness.ts';
import { fire } from '../slack-ack/load.ts';
import type { FakeHost } from '../slack-ack/processes.ts';
import { until } from '../slack-ack/setup.ts';

/** ms from `httpAt` (Date.now()) until the answer reached the fake; null if no answer within 30 s. */
export async function firstCommand(fake: FakeHost, eventsUrl: string, httpAt: number, answers: boolean): Promise<number | null> {
  const [shot] = await helpShots(fake, 1);
  const { responseUrl } = shot!;
  const [sample] = await fire(eventsUrl, [shot!], 1);
  if (sample?.status !== 200) throw new Error(`the first command got HTTP ${sample?.status}`);
  if (!answers) return null;
  let at: number | null = null;
  await until(async () => {
    at = (await fake.answers([responseUrl]))[0]?.at ?? null;
    return at !== null;
  }, 30_000, 'the answer to the first command', 10);
  return at === null ? null : at - httpAt;
}

/**
 * `n` signed `/tovholder hjælp` sent at once, as people answering at the same moment would: a burst
 * that starts the bot's outbox thread (bin/outbox.ts). Resolves once all are acked.
 */
export async function burst(fake: FakeHost, eventsUrl: string, n: number): Promise<void> {
  const samples = await fire(eventsUrl, await helpShots(fake, n), n);
  if (samples.some((s) => s.status !== 200)) throw new Error(`a command of the burst got HTTP ${samples.find((s) => s.status !== 200)?.status}`);
}

/** `n` signed `/tovholder hjælp` from the consultant's direct chat, each with its own response_url. */
async function helpShots(fake: FakeHost, n: number) {
  const { responseUrls, triggerIds } = await fake.mint(n);
  return responseUrls.map((responseUrl, i) => ({ kind: 'hjælp' as const, text: 'hjælp', userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: triggerIds[i]! }));
}
