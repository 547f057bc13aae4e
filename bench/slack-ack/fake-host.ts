/**
 * Child process: the fake Slack Web API (test/fakes/slack) for the ack bench. It runs apart from the
 * load generator so that the bot's answers (response_url posts, users.info, outbox sends) are served
 * without delaying the timing of acks in the parent. Talks to the parent over IPC (see FakeRequest).
 */
import '../../test/fakes/slack/conversations-list.ts';
import { startFakeSlack } from '../../test/fakes/slack/index.ts';
import { answerText, teamWithStaff, TEAM } from '../../test/support/slack-harness.ts';
import type { FakeReply, FakeRequest } from './protocol.ts';

const fake = await startFakeSlack({
  teams: [teamWithStaff()],
  // The bench mints response_urls and trigger_ids up front; Slack's 3 s trigger lifetime would expire them.
  triggerLifetimeMs: 60 * 60_000,
});

function reply(message: FakeReply): void {
  process.send!(message);
}

process.on('message', (message: FakeRequest) => {
  switch (message.type) {
    case 'mint':
      reply({
        id: message.id,
        type: 'minted',
        responseUrls: Array.from({ length: message.n }, () => fake.newResponseUrl(TEAM)),
        triggerIds: Array.from({ length: message.n }, () => fake.newTriggerId()),
      });
      return;
    case 'answers':
      reply({
        id: message.id,
        type: 'answers',
        answers: message.urls.map((url) => {
          const first = fake.responses(url)[0];
          return first ? { text: answerText(first.body).slice(0, 160), at: first.at } : null;
        }),
      });
      return;
    case 'summary': {
      const byMethod: Record<string, { calls: number; http429: number; errors: number }> = {};
      for (const call of fake.calls) {
        const entry = (byMethod[call.method] ??= { calls: 0, http429: 0, errors: 0 });
        entry.calls += 1;
        if (call.status === 429) entry.http429 += 1;
        else if (call.error) entry.errors += 1;
      }
      reply({ id: message.id, type: 'summary', byMethod });
      return;
    }
    case 'close':
      void fake.close().finally(() => process.exit(0));
  }
});

reply({ id: 0, type: 'ready', url: fake.url, botToken: fake.state.team(TEAM).botToken });
// The parent going away (Ctrl-C, crash) must not leave this process behind.
process.on('disconnect', () => process.exit(0));
