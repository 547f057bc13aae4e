import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL } from '../../adapters/local/directory.ts';
import { channelNamed, localHarness, type LocalHarness } from '../adapters/local/harness.ts';

const mette = 'U-mette';
const sofie = 'U-sofie';

describe('the local workspace: people\'s messages in a group\'s channel reach the watch on quiet groups', () => {
  let h: LocalHarness;
  beforeEach(async () => {
    h = await localHarness();
  });
  afterEach(() => h.close());

  it('notes a person\'s message in the partnership\'s channel, not the bot\'s posts there', async () => {
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder opret "Forløb 2027" 2027-01-04' });
    await h.workspace.send({ as: mette, channel: GENERAL_CHANNEL, text: '/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud' });
    await h.workspace.settle();
    const lastHumanAt = () => h.core.db.prepare(`SELECT w.last_human_at FROM group_watch w JOIN partnerships p ON p.id = w.group_id WHERE p.name = 'Havet'`).pluck().get();
    // The bot has posted its welcome in the channel: that is not the group being active.
    expect(lastHumanAt()).toBeNull();
    const havet = channelNamed(h, mette, 'forløb-2027-havet')!;
    await h.workspace.send({ as: sofie, channel: havet.ref, text: 'Skal vi mødes på torsdag?' });
    expect(lastHumanAt()).toBe(h.core.clock.now().toISOString());
  });
});
