/**
 * Bursts: `size` commands sent at the same instant to a server that is otherwise idle (twenty people
 * typing at once after an announcement), then nothing until the bot has answered them all and its
 * outbox has nothing due. Waves alternate between the servers. Unlike the saturated rounds, a fast
 * ack here does not invite more load, so this shows what a burst's last ack waits for.
 */
import { Client, type Sample, type Shot } from './load.ts';
import type { Answer, FakeHost, Target } from './processes.ts';
import { until, type BotDb } from './setup.ts';

const GAP_MS = 100;

export interface Bursts {
  samples: Map<Target['name'], Sample[]>;
  /** The bot's: send → answer at the response_url. */
  answerMs: number[];
}

export async function burstRun(servers: Target[], fake: FakeHost, db: BotDb, waves: number, size: number, nextShots: (n: number) => Promise<Shot[]>): Promise<Bursts> {
  const clients = new Map(servers.map((s) => [s.name, new Client(s.eventsUrl, size)]));
  const samples = new Map<Target['name'], Sample[]>(servers.map((s) => [s.name, []]));
  const answerMs: number[] = [];
  try {
    for (let w = 0; w < waves; w += 1) {
      for (const server of servers) {
        const shots = await nextShots(size);
        const client = clients.get(server.name)!;
        const wave = await Promise.all(shots.map((shot) => client.send(shot)));
        samples.get(server.name)!.push(...wave);
        if (server.name === 'bot') {
          const urls = shots.map((s) => s.responseUrl);
          let answers: Answer[] = [];
          await until(async () => (answers = await fake.answers(urls)).every((a) => a !== null), 30_000, `burst ${w}'s answers`, 10);
          answerMs.push(...answers.flatMap((a, i) => (a ? [a.at - (performance.timeOrigin + wave[i]!.at)] : [])));
          await until(() => db.busy() === 0, 30_000, `burst ${w}'s outbox`, 10);
        }
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
    }
  } finally {
    for (const client of clients.values()) client.close();
  }
  return { samples, answerMs };
}
