import { afterEach, expect, it } from 'vitest';
import { DAY, HOUR, world, type World } from './harness.ts';

let w: World | undefined;
afterEach(() => w?.core.close());

function record(w: World, key: string, at: Date): void {
  w.core.db.prepare('INSERT INTO inbound_events (event_key, received_at) VALUES (?, ?)').run(key, at.toISOString());
}

function keys(w: World): string[] {
  return w.core.db.prepare('SELECT event_key FROM inbound_events ORDER BY event_key').pluck().all() as string[];
}

it('forgets handled inbound events after a week, checking at most once an hour', async () => {
  w = world();
  const now = w.clock.now().getTime();
  record(w, 'slack:Ev8DAYS', new Date(now - 8 * DAY));
  record(w, 'slack:Ev6DAYS', new Date(now - 6 * DAY));
  await w.core.scheduler.tick();
  // A redelivery of the six-day-old event would still be recognised; the eight-day-old one is gone.
  expect(keys(w)).toEqual(['slack:Ev6DAYS']);

  // Within the hour the table is not scanned again; an hour later the next week-old event goes.
  record(w, 'slack:Ev9DAYS', new Date(now - 9 * DAY));
  w.clock.advance(30 * 60_000);
  await w.core.scheduler.tick();
  expect(keys(w)).toEqual(['slack:Ev6DAYS', 'slack:Ev9DAYS']);
  w.clock.advance(HOUR);
  await w.core.scheduler.tick();
  expect(keys(w)).toEqual(['slack:Ev6DAYS']);
});
