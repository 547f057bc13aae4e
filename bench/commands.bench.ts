/**
 * Cost of the heaviest commands on a large programme (60 partnerships, 240 members, every evaluation
 * answered), as the command thread runs them (#12.10): `npx tsx bench/commands.bench.ts`. Names and
 * written answers hold formatting characters, the worst case for marking user texts (withUserTexts).
 * Prints CPU time (process.cpuUsage), not wall time: the machine is shared, and a command's cost is
 * what it holds the command thread for. RENDER=1 also prints the Slack + Teams rendering of each reply
 * (defuseMessage), which runs on the main thread. Writes only to a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { handleCommand } from '../src/commands/router.ts';
import { evaluationService } from '../src/evaluations/context.ts';
import { toSlackMessage } from '../adapters/slack/blocks.ts';
import { toActivity } from '../adapters/teams/cards.ts';
import { FakePlatform } from '../test/support/fake-platform.ts';

const ctx = { platform: 'slack', workspaceId: 'T1', userRef: 'U0', userName: 'Karen Konsulent', channelRef: 'D0' };
const clock = new ManualClock('2026-12-01T09:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'tovholder-commands-bench-'));
const core = createCore({ dbPath: join(dir, 'bot.db'), clock, logger: silentLogger(), platforms: [new FakePlatform('slack')], workerId: 'w1' });
let t0 = performance.now();
await handleCommand(core, 'opret "Stor 2027" 2027-01-04', ctx);
for (let i = 0; i < 60; i++) {
  const m = (k: number, role: string) => `<@U${i}x${k}|Person_${i}_${k}>=${role}`;
  const r = await handleCommand(core, `partnerskab "Partnerskab ${i}" "Museum ${i}" "Børnehave ${i}" ${m(0, 'kultur')} ${m(1, 'kultur')} ${m(2, 'dagtilbud')} ${m(3, 'dagtilbud')}`, ctx);
  if (r.type !== 'message' || !/tilføjet/.test(r.message.text)) throw new Error(JSON.stringify(r).slice(0, 300));
}
console.error('setup', Math.round(performance.now() - t0));
t0 = performance.now();
for (let at = Date.parse('2026-12-01T09:00:00Z'); at < Date.parse('2027-07-01T00:00:00Z'); at += 6 * 3_600_000) {
  clock.set(new Date(at));
  await core.scheduler.tick();
}
console.error('ticks', Math.round(performance.now() - t0));
const service = evaluationService(core);
const ids = core.db.prepare('SELECT id, activity_id AS activityId FROM evaluation_prompts').all() as { id: string; activityId: string }[];
let answers = 0;
core.db.transaction(() => {
  for (const p of ids) {
    const round = service.store.round(p.activityId);
    for (const q of round?.form?.questions ?? []) {
      const value = q.type === 'scale' ? '4' : q.type === 'choice' ? q.options[0]!.key : `Et *skrevet* svar nummer ${answers} om hvad børnene lavede`;
      service.store.saveAnswer({ promptId: p.id, questionKey: q.key, value, comment: q.type === 'text' ? null : `kommentar ${answers}`, via: 'thread', answeredAt: clock.now().toISOString() });
      answers++;
    }
  }
})();
console.error('prompts', ids.length, 'answers', answers);
const member = { ...ctx, userRef: 'U7x0', userName: 'Person_7_0', channelRef: 'D7' };
const commands: [string, typeof ctx][] = [
  ['resultater', ctx], ['resultater "Partnerskab 7"', ctx], ['resultater nysgerrighed', ctx], ['eksport', ctx], ['plan', ctx], ['plan "Partnerskab 7"', ctx],
  ['status', ctx], ['forløb', ctx], ['plan mine', member], ['hjælp', ctx],
];
for (const [text, who] of process.env.ONLY ? commands.filter(([c]) => c === process.env.ONLY) : commands) {
  const times: number[] = [];
  let size = 0;
  for (let k = 0; k < 7; k++) {
    const s = process.cpuUsage();
    const reply = await handleCommand(core, text, who);
    const d = process.cpuUsage(s);
    times.push((d.user + d.system) / 1000);
    if (process.env.RENDER && reply.type === 'message') {
      const r = process.cpuUsage();
      toSlackMessage(reply.message);
      toActivity(reply.message, (x) => x);
      const e = process.cpuUsage(r);
      if (k === 6) console.log(`  render (Slack + Teams) of ${text}: ${((e.user + e.system) / 1000).toFixed(1)} ms, ${reply.message.userTexts?.length ?? 0} user texts`);
    }
    size = JSON.stringify(reply).length;
  }
  times.sort((a, b) => a - b);
  console.log(`${text.padEnd(28)} cpu median ${times[3]!.toFixed(1)} ms  max ${times[6]!.toFixed(1)} ms  reply ${size} chars`);
}
core.close();
rmSync(dir, { recursive: true, force: true });
